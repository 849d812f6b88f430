// Functions with multiple return values, named result parameters, named types
// and error values (errors.New, fmt.Errorf with %w).
package main

import (
	"errors"
	"fmt"
)

type Celsius float64

type Account struct {
	Owner   string
	Balance int
}

var ErrInsufficient = errors.New("insufficient funds")

func divmod(a, b int) (int, int) {
	return a / b, a % b
}

func withdraw(acc *Account, amount int) (left int, err error) {
	if amount > acc.Balance {
		err = fmt.Errorf("withdraw %d from %s: %w", amount, acc.Owner, ErrInsufficient)
		return acc.Balance, err
	}
	acc.Balance -= amount
	left = acc.Balance
	return
}

func toFahrenheit(c Celsius) float64 {
	return float64(c)*9/5 + 32
}

func main() {
	q, r := divmod(17, 5)
	fmt.Println("divmod:", q, r)
	_, onlyRemainder := divmod(9, 4)
	fmt.Println("remainder:", onlyRemainder)

	acc := &Account{Owner: "ana", Balance: 100}
	left, err := withdraw(acc, 30)
	fmt.Println("left:", left, "err:", err)
	left, err = withdraw(acc, 500)
	fmt.Println("left:", left, "err:", err)
	fmt.Println("is insufficient:", errors.Is(err, ErrInsufficient))
	fmt.Println("fahrenheit:", toFahrenheit(Celsius(100)))
	var nilErr error
	fmt.Println("nil error:", nilErr, nilErr == nil)
}
