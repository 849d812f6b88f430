fn main() {
    let path = std::env::args().nth(1).unwrap();
    let src = std::fs::read_to_string(path).unwrap();
    let mut a = leaklab::analysis::Analyzer::new();
    let f = a.parse(&src);
    let facts = leaklab::analysis::sync_facts::facts(&f);
    for func in &facts.funcs {
        println!("{} {:?}\n{:#?}", func.name, func.kind, func.body);
    }
}
