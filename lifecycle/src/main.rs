use std::process::ExitCode;

fn main() -> ExitCode {
    eprintln!("error: zael-lifecycle has no commands yet");
    ExitCode::from(2)
}
