//! `cslab-cli`: see [`cslab_lessons::cli`].

fn main() -> std::process::ExitCode {
    cslab_lessons::cli::main()
}
