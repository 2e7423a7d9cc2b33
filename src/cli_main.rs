//! `cslab-cli`: see [`cslab::cli`].

fn main() -> std::process::ExitCode {
    cslab::cli::main()
}
