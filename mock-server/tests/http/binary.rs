//! `onezone-mock --listen ADDR [--admin USER:PASSWORD] [--seed FILE]`.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use onezone_client::Client;

use super::SEED;

struct Mock {
    child: Child,
    url: String,
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn(args: &[&str]) -> Mock {
    let mut child = Command::new(env!("CARGO_BIN_EXE_onezone-mock"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx.recv_timeout(Duration::from_secs(20)).expect("onezone-mock printed its address within 20 s");
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    assert!(url.starts_with("http://127.0.0.1:") && !url.ends_with(":0"), "{url}");
    Mock { child, url }
}

fn wait_with_timeout(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(start.elapsed() < limit, "onezone-mock did not stop within {limit:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Sends `signal` (`-TERM`, `-INT`) and requires a clean exit within 10 s
/// with the "stopped" line; returns what the mock wrote to stderr.
fn stop_cleanly(mock: &mut Mock, signal: &str) -> String {
    let pid = mock.child.id().to_string();
    assert!(Command::new("kill").args([signal, &pid]).status().unwrap().success());
    let status = wait_with_timeout(&mut mock.child, Duration::from_secs(10));
    assert!(status.success(), "exit status {status:?} after {signal}");
    let mut stderr = String::new();
    mock.child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert!(stderr.contains("stopped"), "{stderr}");
    stderr
}

#[test]
fn serves_the_seed_and_the_admin_then_stops_cleanly_on_sigterm() {
    let mut mock = spawn(&["--listen", "127.0.0.1:0", "--admin", "root:root-pw", "--seed", SEED]);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let root = Client::with_basic_auth(&mock.url, "root", "root-pw").unwrap();
        let groups = root.list_groups().send().await.unwrap().into_inner();
        assert_eq!(groups.groups.len(), 3, "the seed has three groups");
        let token_user = Client::with_token(&mock.url, "zoe-token").unwrap();
        let services = token_user.list_handle_services().send().await.unwrap().into_inner();
        assert_eq!(services.handle_services.len(), 2, "the seed has two handle services");
        let anonymous = Client::anonymous(&mock.url).unwrap();
        let err = anonymous.list_groups().send().await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    });
    let stderr = stop_cleanly(&mut mock, "-TERM");
    assert!(!stderr.contains("root-pw"), "credentials must not be logged: {stderr}");
}

#[test]
fn sigint_right_after_the_listening_line_stops_it_cleanly() {
    // No request first: the signal arrives as soon as a script could send it.
    let mut mock = spawn(&["--listen", "127.0.0.1:0"]);
    stop_cleanly(&mut mock, "-INT");
}

#[test]
fn a_stalled_client_neither_holds_a_request_nor_keeps_the_mock_from_stopping() {
    use std::io::Write;
    use std::net::TcpStream;

    let mut mock = spawn(&["--listen", "127.0.0.1:0", "--admin", "root:root-pw"]);
    let addr = mock.url.trim_start_matches("http://").to_owned();
    let connect = || {
        let stream = TcpStream::connect(&addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        stream
    };
    // "cm9vdDpyb290LXB3" is base64("root:root-pw").
    let headers = |length: &str| {
        format!(
            "POST /api/v3/onezone/groups HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Basic cm9vdDpyb290LXB3\r\n\
             Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
        )
    };

    // A body announced far over the cap is refused at once, not awaited.
    let mut huge = connect();
    huge.write_all(headers("99999999999").as_bytes()).unwrap();
    let mut answer = [0u8; 12];
    huge.read_exact(&mut answer).expect("an answer before any body byte");
    assert_eq!(&answer, b"HTTP/1.1 413");

    // A request whose body stops half-way is still in flight when SIGTERM
    // comes: the mock waits for it SHUTDOWN_GRACE at most, then stops.
    let mut stalled = connect();
    stalled.write_all(format!("{}{{\"name\":", headers("100")).as_bytes()).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    stop_cleanly(&mut mock, "-TERM");
    assert!(started.elapsed() >= onezone_mock::SHUTDOWN_GRACE - Duration::from_secs(1), "{:?}", started.elapsed());
    drop(stalled);
}

#[test]
fn a_bad_seed_or_admin_flag_exits_2_with_a_message() {
    let dir = std::env::temp_dir().join(format!("onezone-mock-bad-seed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let seed = dir.join("seed.yaml");
    std::fs::write(&seed, "groups:\n  - name: G\n    users: [{user: nobody}]\n").unwrap();
    for (args, words) in [
        (vec!["--listen", "127.0.0.1:0", "--seed", seed.to_str().unwrap()], "nobody"),
        (vec!["--listen", "127.0.0.1:0", "--admin", "no-colon"], "USER:PASSWORD"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_onezone-mock")).args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(words), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "nothing may claim to listen: {}", String::from_utf8_lossy(&out.stdout));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
