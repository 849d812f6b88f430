//! The Go concurrency simulator: lowers the syntax tree to an IR and interprets it with a
//! seeded scheduler and a virtual clock.
