//! Prints the terms the search index makes of each line of standard input, for the
//! browser test that compares search.js's stemmer with the Rust one:
//!
//! ```sh
//! cargo run --example search-terms -- de < words.txt
//! ```
//!
//! The first line of the output is the language's stop words; then, per line of
//! input, its terms, separated by spaces.

#![allow(clippy::print_stdout, reason = "a tool whose output is what it prints")]

use fachwerk::{SearchLanguage, search_terms};
use std::process::ExitCode;

fn main() -> ExitCode {
    let code = std::env::args().nth(1).unwrap_or_default();
    let Some(language) = SearchLanguage::from_code(&code) else {
        eprintln!("usage: search-terms de|en < words");
        return ExitCode::from(2);
    };
    println!("{}", language.stop_words().join(" "));
    for line in std::io::stdin().lines().map_while(Result::ok) {
        println!("{}", search_terms(&line, language).join(" "));
    }
    ExitCode::SUCCESS
}
