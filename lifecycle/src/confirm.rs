//! Asking the person at the terminal before doing something that cannot be undone.

use std::io::{BufRead, IsTerminal, Write};

/// Whether standard input is a person's terminal (so a question can be asked).
pub fn interactive() -> bool {
    std::io::stdin().is_terminal()
}

/// Asks `question` on stderr and reads the answer; only `y` or `yes` is a yes.
pub fn ask(question: &str) -> bool {
    eprint!("{question} [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    if std::io::stdin().lock().read_line(&mut answer).is_err() {
        return false;
    }
    matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes")
}
