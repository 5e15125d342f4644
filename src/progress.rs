//! The progress bar of long imports: rows, rows per second and the time left, drawn
//! on stderr only when stderr is a terminal (nothing at all otherwise, so logs and
//! pipes stay clean). Like `output`, this is presentation: commands only report
//! counts to it.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Set by `--quiet`: no bar at all.
static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Hides every progress bar from now on (`--quiet`).
pub fn set_quiet() {
    QUIET.store(true, std::sync::atomic::Ordering::Relaxed);
}

fn shown() -> bool {
    std::io::stderr().is_terminal() && !QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

pub struct Progress {
    bar: Option<ProgressBar>,
    start: Instant,
    last: Instant,
}

impl Progress {
    /// A bar for reading `total_bytes` of the file `name`; hidden unless stderr is a
    /// terminal.
    pub fn new(name: &str, total_bytes: u64) -> Self {
        let bar = shown().then(|| {
            let bar = ProgressBar::with_draw_target(
                Some(total_bytes),
                ProgressDrawTarget::stderr_with_hz(4),
            );
            bar.set_style(
                ProgressStyle::with_template("{prefix} [{bar:30}] {percent:>3}% {msg}, ETA {eta}")
                    .expect("the template is valid")
                    .progress_chars("=> "),
            );
            bar.set_prefix(name.to_string());
            bar
        });
        let now = Instant::now();
        Progress {
            bar,
            start: now,
            last: now,
        }
    }

    /// A spinner with a message, for a step whose length is unknown (such as writing
    /// the rows read); hidden unless stderr is a terminal.
    pub fn spinner(message: &str) -> Self {
        let bar = shown().then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(4));
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                    .expect("the template is valid"),
            );
            bar.set_message(message.to_string());
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        let now = Instant::now();
        Progress {
            bar,
            start: now,
            last: now,
        }
    }

    /// Reports how many rows are done and how many bytes of the file were read.
    pub fn update(&mut self, rows: u64, bytes: u64) {
        let Some(bar) = &self.bar else {
            return;
        };
        let now = Instant::now();
        if now.duration_since(self.last) < Duration::from_millis(100) {
            return;
        }
        self.last = now;
        let secs = now.duration_since(self.start).as_secs_f64().max(1e-3);
        bar.set_position(bytes);
        bar.set_message(format!(
            "{} rows, {} rows/s",
            thousands(rows),
            thousands((rows as f64 / secs) as u64)
        ));
    }

    /// Removes the bar.
    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

/// 1234567 → "1,234,567".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_groups_digits() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(1234567), "1,234,567");
        assert_eq!(super::thousands(100), "100");
    }
}
