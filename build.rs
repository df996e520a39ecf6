//! The default theme is embedded with include_dir, which does not tell cargo about
//! the files it reads: rebuild when anything under themes/ changes.
fn main() {
    println!("cargo:rerun-if-changed=themes");
}
