//! Subprocesses with a time limit: a child still running at its limit is
//! killed together with the processes it started (found through `/proc`),
//! and the caller gets an error saying so.

use std::io::Read;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};

/// What a finished subprocess left.
pub struct Output {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// From spawning it to its exit.
    pub elapsed: Duration,
}

/// Runs `command` with stdin closed and its output captured, waiting at
/// most `limit` for it to exit; `what` names it in errors.
pub fn output(command: &mut Command, limit: Duration, what: &str) -> anyhow::Result<Output> {
    let started = Instant::now();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot run {what}"))?;
    let pid = child.id();
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    // The child is waited for on its own thread, so that its exit is seen
    // the moment it happens (the timings of the regenerate part use this).
    let (tx, exited) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait());
    });
    let status = match exited.recv_timeout(limit) {
        Ok(status) => status.with_context(|| format!("cannot wait for {what}"))?,
        Err(RecvTimeoutError::Timeout) => {
            kill_tree(pid);
            bail!("{what} was still running after {} s; killed it and what it started", limit.as_secs());
        }
        Err(RecvTimeoutError::Disconnected) => {
            kill_tree(pid);
            bail!("lost track of {what}; killed it");
        }
    };
    let elapsed = started.elapsed();
    // The pipes close once the child and whatever it started have exited.
    let grace = limit.saturating_sub(elapsed).max(Duration::from_secs(5));
    let held = || format!("{what} exited, but a process it started still holds its output open");
    let stdout = stdout.recv_timeout(grace).with_context(held)?;
    let stderr = stderr.recv_timeout(grace).with_context(held)?;
    Ok(Output { status, stdout, stderr, elapsed })
}

/// Reads a pipe to its end on a thread; the bytes arrive on the channel.
pub fn drain(pipe: Option<impl Read + Send + 'static>) -> mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        let _ = tx.send(bytes);
    });
    rx
}

/// Sends SIGKILL to `root` and all its descendants (listed before any is
/// killed, while they still hang below it).
pub fn kill_tree(root: u32) {
    let parents: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            Some((pid, parent_of(pid)?))
        })
        .collect();
    let mut tree = vec![root];
    let mut i = 0;
    while let Some(&pid) = tree.get(i) {
        tree.extend(parents.iter().filter(|(_, parent)| *parent == pid).map(|(child, _)| *child));
        i += 1;
    }
    let _ = Command::new("kill")
        .arg("-KILL")
        .args(tree.iter().map(u32::to_string))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// The parent pid, from `/proc/<pid>/stat` (the field after the state,
/// which follows the command name in parentheses).
fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (_, rest) = stat.rsplit_once(')')?;
    rest.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `pid` is gone (or a zombie nobody reaped yet).
    fn dead(pid: u32) -> bool {
        match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
            Ok(stat) => stat.rsplit_once(')').is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
            Err(_) => true,
        }
    }

    #[test]
    fn a_child_past_its_limit_is_killed_with_what_it_started() {
        let dir = std::env::temp_dir().join(format!("onezone-bench-subprocess-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let pid_file = dir.join("grandchild.pid");
        let script = format!("sleep 60 & echo $! > {}; wait", pid_file.display());
        let err = output(Command::new("sh").args(["-c", &script]), Duration::from_secs(2), "sh")
            .err()
            .expect("the limit is reported as an error");
        assert!(format!("{err:#}").contains("still running after"), "{err:#}");
        let grandchild: u32 = std::fs::read_to_string(&pid_file).unwrap().trim().parse().unwrap();
        // SIGKILL is delivered asynchronously; give it a moment.
        let gone = (0..100).any(|_| {
            std::thread::sleep(Duration::from_millis(50));
            dead(grandchild)
        });
        let _ = std::fs::remove_dir_all(&dir);
        assert!(gone, "the grandchild {grandchild} survived");
    }

    #[test]
    fn output_and_status_of_a_finished_child() {
        let out =
            output(Command::new("sh").args(["-c", "echo out; echo err >&2; exit 3"]), Duration::from_secs(60), "sh")
                .unwrap();
        assert_eq!(out.status.code(), Some(3));
        assert_eq!(out.stdout, b"out\n");
        assert_eq!(out.stderr, b"err\n");
    }
}
