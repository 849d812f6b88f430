// Helpers from strings, bytes, strconv and slices that the lessons use.
package main

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

func main() {
	fmt.Println(strings.Repeat("ab", 3), strings.ToUpper("go"), strings.ToLower("LEAK"))
	fmt.Println(strings.Contains("goroutine", "rout"), strings.HasPrefix("leak", "le"), strings.HasSuffix("leak", "ak"))
	fmt.Println(strings.Split("a,b,c", ","), len(strings.Split("a,b,c", ",")))
	fmt.Println(strings.Join([]string{"x", "y", "z"}, "-"), strings.TrimSpace("  pad  ")+"|")
	fmt.Println(strings.Index("chicken", "ken"), strings.Fields(" a  b c "), strings.ReplaceAll("aaa", "a", "b"))
	orig := "hello world"
	clone := strings.Clone(orig[:5])
	fmt.Println(clone, len(clone))

	var sb strings.Builder
	for i := range 3 {
		sb.WriteString(strconv.Itoa(i))
		sb.WriteByte(';')
	}
	fmt.Println(sb.String(), sb.Len())

	raw := []byte("payload")
	cp := bytes.Clone(raw[:3])
	cp[0] = 'P'
	fmt.Println(string(raw), string(cp), bytes.Equal(raw[:3], []byte("pay")))
	fmt.Println(bytes.Contains(raw, []byte("load")), string(bytes.Repeat([]byte("-"), 4)))

	nums := []int{5, 2, 8, 2}
	sorted := slices.Clone(nums)
	slices.Sort(sorted)
	fmt.Println(nums, sorted, slices.Contains(nums, 8), slices.Index(nums, 2))
	fmt.Println(slices.Max(nums), slices.Min(nums), len(slices.Compact(sorted)))
	b, err := strconv.ParseBool("true")
	fmt.Println(b, err, strconv.FormatFloat(1.5, 'f', 2, 64))
}
