//! Asking the person at the terminal before doing something that cannot be undone.
//! Whether a question can be asked at all is [`crate::console::Console::interactive`].

use std::io::{BufRead, Write};

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
