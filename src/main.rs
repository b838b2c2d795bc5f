fn main() -> std::process::ExitCode {
    zael::cli::main(std::env::args_os())
}
