//! Where a command's words go: the process's stdout and stderr, or buffers in tests that
//! drive a command in process (against scripted AWS responses) and read what it printed.
//! Also whether a person is watching: a live progress line is drawn only on a terminal, and a
//! question is asked only when stdin is one.

use std::io::{IsTerminal, Write};

enum Sink {
    Stdout,
    Stderr,
    Buffer(Vec<u8>),
}

impl Sink {
    fn write(&mut self, text: &str) {
        // A closed pipe (`zael deploy | head`) is the reader's choice: the command carries on.
        match self {
            Sink::Stdout => {
                let mut out = std::io::stdout().lock();
                let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
            }
            Sink::Stderr => {
                let mut err = std::io::stderr().lock();
                let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
            }
            Sink::Buffer(bytes) => bytes.extend_from_slice(text.as_bytes()),
        }
    }

    fn text(&self) -> String {
        match self {
            Sink::Buffer(bytes) => String::from_utf8_lossy(bytes).into_owned(),
            _ => String::new(),
        }
    }
}

pub struct Console {
    out: Sink,
    err: Sink,
    /// stderr is a terminal: the live progress line is drawn there, and cleared before each
    /// line of output, so a pipe or a CI log gets plain lines only.
    pub progress: bool,
    /// stdin is a terminal: a question can be asked and answered.
    pub interactive: bool,
}

impl Console {
    /// The process's own streams; progress and questions as the terminals allow.
    pub fn process() -> Console {
        Console {
            out: Sink::Stdout,
            err: Sink::Stderr,
            progress: std::io::stderr().is_terminal(),
            interactive: std::io::stdin().is_terminal(),
        }
    }

    /// Buffers, as off a terminal (no progress line, no questions); read with
    /// [`Console::out_text`] and [`Console::err_text`].
    pub fn buffered() -> Console {
        Console {
            out: Sink::Buffer(Vec::new()),
            err: Sink::Buffer(Vec::new()),
            progress: false,
            interactive: false,
        }
    }

    /// `text` on stdout as it is (no newline added).
    pub fn print(&mut self, text: &str) {
        self.out.write(text);
    }

    /// `text` and a newline on stdout.
    pub fn line(&mut self, text: &str) {
        self.out.write(&format!("{text}\n"));
    }

    /// `text` on stderr as it is: messages, the progress line and its clearing.
    pub fn note(&mut self, text: &str) {
        self.err.write(text);
    }

    /// What a buffered console's stdout received (empty for the process's).
    pub fn out_text(&self) -> String {
        self.out.text()
    }

    /// What a buffered console's stderr received (empty for the process's).
    pub fn err_text(&self) -> String {
        self.err.text()
    }
}
