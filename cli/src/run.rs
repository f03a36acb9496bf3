//! The program: arguments → checked call → request → answer → output and
//! exit code. Everything is checked before anything is sent.

use std::ffi::OsString;
use std::io::{Read, Write};

use clap::ArgMatches;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use onezone_client::{LocationExt as _, ResponseValue};
use serde_json::Value;

use crate::body::{self, BodyText, FieldArg};
use crate::command::{self, COMPLETIONS, opt};
use crate::connect::{self, Auth, Connection, ZoneOptions};
use crate::reply::{Failure, Reply, ReplyBody, exit};
use crate::request;
use crate::table::{Call, Operation};
use crate::words::{CliArg, parse_word};

/// The process's surroundings, explicit so tests can drive [`run`].
pub struct Io<'a> {
    /// Reads an environment variable.
    pub env: &'a dyn Fn(&str) -> Option<String>,
    /// Standard input (read only for `-` or `--body -`).
    pub stdin: &'a mut dyn Read,
    /// Whether standard input is a terminal (then `-` is refused rather than
    /// waited on).
    pub stdin_is_terminal: bool,
    /// Standard output.
    pub stdout: &'a mut dyn Write,
    /// Standard error.
    pub stderr: &'a mut dyn Write,
}

/// What `--raw`, `--id-only`, `-i`, `-v` and `--dry-run` ask for.
#[derive(Debug, Clone, Copy, Default)]
struct OutputFlags {
    raw: bool,
    id_only: bool,
    include: bool,
    verbose: bool,
    dry_run: bool,
}

// Output errors (a closed pipe) are not the call's outcome: they are
// ignored, and the exit code still says how the call went.
fn say(out: &mut dyn Write, text: &str) {
    let _ = out.write_all(text.as_bytes());
}

fn usage_errors(io: &mut Io<'_>, problems: &[String]) -> u8 {
    for p in problems {
        say(io.stderr, &format!("error: {p}\n"));
    }
    exit::USAGE
}

/// Runs `onezone` with `args` (the program name first) and returns the exit
/// code: 0 on a 2xx answer, 1 on an HTTP error, 2 on a usage error (nothing
/// sent), 3 on a transport error.
pub fn run(args: Vec<OsString>, io: &mut Io<'_>) -> u8 {
    let mut cli = command::command(crate::OPERATIONS);
    let matches = match cli.try_get_matches_from_mut(&args) {
        Ok(m) => m,
        Err(e) => {
            let text = e.render().to_string();
            return match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                    say(io.stdout, &text);
                    exit::OK
                }
                ErrorKind::InvalidSubcommand => {
                    let name = match e.get(ContextKind::InvalidSubcommand) {
                        Some(ContextValue::String(name)) => name.clone(),
                        _ => String::new(),
                    };
                    usage_errors(io, &[unknown_operation(&name)])
                }
                _ => {
                    say(io.stderr, &text);
                    exit::USAGE
                }
            };
        }
    };
    let Some((name, sub)) = matches.subcommand() else {
        return usage_errors(io, &["no operation given (onezone --help lists them)".to_owned()]);
    };
    if name == COMPLETIONS {
        if let Some(shell) = sub.get_one::<clap_complete::Shell>(opt::SHELL) {
            let bin = cli.get_bin_name().unwrap_or("onezone").to_owned();
            let mut buffer = Vec::new();
            clap_complete::generate(*shell, &mut cli, bin, &mut buffer);
            let _ = io.stdout.write_all(&buffer);
        }
        return exit::OK;
    }
    let Some(op) = crate::OPERATIONS.iter().find(|op| op.command == name) else {
        return usage_errors(io, &[format!("unknown operation {name:?}")]);
    };
    if let Some(legacy) = op.legacy
        && args.iter().skip(1).find_map(|a| a.to_str().filter(|w| op.names().any(|n| n == *w))) == Some(legacy)
    {
        say(
            io.stderr,
            &format!(
                "note: `{legacy}` is the documentation's former name of `{}` ({}); running it\n",
                op.command, op.id
            ),
        );
    }
    call(op, sub, io)
}

/// Edit distance of two names, case aside.
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.to_lowercase().chars().collect(), b.to_lowercase().chars().collect());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != cb)).min(row[j] + 1).min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// "Unknown operation", with the (at most three) closest names: clap's own
/// tip lists dozens here, the names being so alike.
fn unknown_operation(name: &str) -> String {
    let mut near: Vec<(usize, &str)> = crate::OPERATIONS
        .iter()
        .filter_map(|op| op.names().map(|n| distance(name, n)).min().map(|d| (d, op.command)))
        .filter(|(d, _)| *d <= (name.chars().count() / 3).max(2))
        .collect();
    near.sort();
    let mut message = format!("unknown operation `{name}`");
    if !near.is_empty() {
        let names: Vec<String> = near.iter().take(3).map(|(_, n)| format!("`{n}`")).collect();
        message.push_str(&format!(" (did you mean {}?)", names.join(" or ")));
    }
    message.push_str("; `onezone --help` lists them all");
    message
}

fn flags(m: &ArgMatches) -> OutputFlags {
    OutputFlags {
        raw: m.get_flag(opt::RAW),
        id_only: m.get_flag(opt::ID_ONLY),
        include: m.get_flag(opt::INCLUDE),
        verbose: m.get_flag(opt::VERBOSE),
        dry_run: m.get_flag(opt::DRY_RUN),
    }
}

fn zone_options(m: &ArgMatches) -> ZoneOptions {
    let text = |id: &str| m.get_one::<String>(id).cloned();
    ZoneOptions {
        host: text(opt::HOST),
        token: text(opt::TOKEN),
        bearer: text(opt::BEARER),
        user: text(opt::USER),
        insecure: m.get_flag(opt::INSECURE),
        cacert: text(opt::CACERT),
        timeout: m.get_one::<std::time::Duration>(opt::TIMEOUT).copied(),
    }
}

/// The words of an operation, checked: path parameters, body fields and
/// where the body text comes from.
struct Words {
    params: Vec<(&'static str, String)>,
    fields: Vec<FieldArg>,
    /// Keys of `key:=` words whose value is not JSON.
    unreadable: Vec<String>,
    stdin: bool,
}

fn read_words(op: &Operation, words: &[String], problems: &mut Vec<String>) -> Words {
    let mut out = Words { params: Vec::new(), fields: Vec::new(), unreadable: Vec::new(), stdin: false };
    let names: Vec<&str> = op.params.iter().map(|p| p.name).collect();
    // Parameters given, even wrongly (empty): those are not also "missing".
    let mut given: Vec<&str> = Vec::new();
    for word in words {
        match parse_word(word) {
            Err(e) => problems.push(e.to_string()),
            Ok(CliArg::Stdin) => {
                if out.stdin {
                    problems.push("- is given twice".to_owned());
                }
                out.stdin = true;
            }
            Ok(CliArg::Param(key, value)) => match op.params.iter().find(|p| p.name == key) {
                None if names.is_empty() => problems.push(format!("`{word}`: {} has no path parameters", op.command)),
                None => problems.push(format!(
                    "`{word}`: {} has no path parameter `{key}` (its parameters: {})",
                    op.command,
                    names.join(", ")
                )),
                Some(p) if given.contains(&p.name) => problems.push(format!("`{key}=` is given twice")),
                Some(p) if value.is_empty() => {
                    given.push(p.name);
                    problems.push(format!("`{key}=` is empty"));
                }
                Some(p) => {
                    given.push(p.name);
                    out.params.push((p.name, value));
                }
            },
            Ok(CliArg::Field(key, value)) => {
                out.fields.push(FieldArg { key, value: Value::String(value), from_string: true });
            }
            Ok(CliArg::JsonField(key, raw)) => match serde_json::from_str(&raw) {
                Ok(value) => out.fields.push(FieldArg { key, value, from_string: false }),
                Err(e) => {
                    problems.push(format!("`{key}:={raw}`: the value is not JSON ({e})"));
                    out.unreadable.push(key);
                }
            },
        }
    }
    for p in op.params {
        if !given.contains(&p.name) {
            problems.push(format!("missing `{}=…`: {} needs it ({})", p.name, op.command, p.description));
        }
    }
    // In path order, whatever order they were given in.
    out.params.sort_by_key(|(n, _)| names.iter().position(|p| p == n));
    out
}

fn body_text(stdin: bool, file: Option<&String>, io: &mut Io<'_>, problems: &mut Vec<String>) -> Option<BodyText> {
    let from_stdin = match (stdin, file.map(String::as_str)) {
        (true, Some(_)) => {
            problems.push("give the body either with - or with --body, not both".to_owned());
            return None;
        }
        (true, None) | (false, Some("-")) => true,
        (false, Some(path)) => {
            return match std::fs::read_to_string(path) {
                Ok(text) => Some(BodyText { source: path.to_owned(), text }),
                Err(e) => {
                    problems.push(format!("--body {path}: cannot read it: {e}"));
                    None
                }
            };
        }
        (false, None) => return None,
    };
    if from_stdin && io.stdin_is_terminal {
        problems.push(
            "- reads the body from standard input, which is a terminal: pipe it in (cat body.json | onezone …) \
             or use --body FILE"
                .to_owned(),
        );
        return None;
    }
    let mut text = String::new();
    match io.stdin.read_to_string(&mut text) {
        Ok(_) => Some(BodyText { source: "standard input".to_owned(), text }),
        Err(e) => {
            problems.push(format!("cannot read the body from standard input: {e}"));
            None
        }
    }
}

fn call(op: &'static Operation, m: &ArgMatches, io: &mut Io<'_>) -> u8 {
    let flags = flags(m);
    let mut problems = Vec::new();
    let words: Vec<String> = m.get_many::<String>(opt::WORDS).into_iter().flatten().cloned().collect();
    let Words { params, fields, unreadable, stdin } = read_words(op, &words, &mut problems);
    let text = body_text(stdin, m.get_one::<String>(opt::BODY), io, &mut problems);
    if flags.id_only && !op.creates() {
        problems.push(format!("--id-only: {} creates nothing (its answer has no Location)", op.command));
    }
    if flags.id_only && (flags.raw || flags.include) {
        problems.push("--id-only prints the id alone: leave out --raw and -i".to_owned());
    }
    let connection = connect::resolve(&zone_options(m), io.env);
    let checked = if problems.is_empty() {
        body::assemble(op.command, op.body.as_ref(), text, fields).unwrap_or_else(|mut more| {
            problems.append(&mut more);
            None
        })
    } else {
        // The body cannot be complete; still say which field names are wrong.
        let keys = fields.iter().map(|f| f.key.as_str()).chain(unreadable.iter().map(String::as_str));
        problems.extend(body::unknown_fields(op.command, op.body.as_ref(), keys));
        None
    };
    let connection = match connection {
        Ok(c) if problems.is_empty() => c,
        Ok(_) => return usage_errors(io, &problems),
        Err(mut more) => {
            problems.append(&mut more);
            return usage_errors(io, &problems);
        }
    };
    if let Some(checked) = &checked {
        for pointer in &checked.dropped {
            let schema = op.body.as_ref().map_or("", |b| b.schema);
            say(io.stderr, &format!("note: {pointer} is not sent: no field of {schema} takes it\n"));
        }
    }
    let call = Call { params, body: checked.map(|c| c.value) };
    let (client, base) = match connection.client() {
        Ok(c) => c,
        Err(e) => return usage_errors(io, &[e]),
    };
    let plan = match request::plan(&base, op, &call) {
        Ok(plan) => plan,
        Err(e) => return usage_errors(io, &[e]),
    };
    if flags.dry_run {
        say(io.stdout, &format!("{}\n", request::curl(&plan, &connection)));
        return exit::OK;
    }
    if flags.verbose {
        say(io.stderr, &format!("* {} ({}) as {}\n", op.command, op.id, connection.auth.kind()));
        say(io.stderr, &request::describe(&plan, &connection));
    }
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            say(io.stderr, &format!("error: cannot start the async runtime: {e}\n"));
            return exit::TRANSPORT;
        }
    };
    let outcome = runtime.block_on(async {
        if flags.raw { request::send_raw(&client, &plan).await } else { (op.send)(&client, &call).await }
    });
    match outcome {
        Ok(reply) => print_reply(op, &reply, flags, io),
        Err(failure) => print_failure(&failure, &connection, flags, io),
    }
}

fn head_text(status: reqwest::StatusCode, headers: &reqwest::header::HeaderMap, prefix: &str) -> String {
    let mut out = format!("{prefix}HTTP {} {}\n", status.as_u16(), status.canonical_reason().unwrap_or(""));
    for (name, value) in headers {
        out.push_str(&format!("{prefix}{name}: {}\n", String::from_utf8_lossy(value.as_bytes())));
    }
    out
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

fn print_reply(op: &Operation, reply: &Reply, flags: OutputFlags, io: &mut Io<'_>) -> u8 {
    if flags.verbose {
        say(io.stderr, &head_text(reply.status, &reply.headers, "< "));
    }
    if let Some(warning) = &reply.warning {
        say(io.stderr, &format!("warning: {warning}\n"));
    }
    if flags.include {
        say(io.stdout, &format!("{}\n", head_text(reply.status, &reply.headers, "")));
    }
    let created = op.success.iter().any(|s| s.location && s.status == reply.status.as_u16());
    match &reply.body {
        ReplyBody::None if created && !flags.raw => {
            let head = ResponseValue::new((), reply.status, reply.headers.clone());
            match (head.created_id(), head.location()) {
                (Ok(id), Ok(location)) => {
                    let text = if flags.id_only {
                        format!("{id}\n")
                    } else {
                        format!("{}\n", pretty(&serde_json::json!({ "id": id, "location": location })))
                    };
                    say(io.stdout, &text);
                }
                (Err(e), _) | (_, Err(e)) => {
                    say(io.stderr, &format!("error: {e}: the new id is unknown\n"));
                    return exit::HTTP;
                }
            }
        }
        ReplyBody::None => {}
        ReplyBody::Json(value) => say(io.stdout, &format!("{}\n", pretty(value))),
        ReplyBody::Raw(bytes) => {
            let _ = io.stdout.write_all(bytes);
        }
    }
    exit::OK
}

fn print_failure(failure: &Failure, connection: &Connection, flags: OutputFlags, io: &mut Io<'_>) -> u8 {
    match failure {
        Failure::Usage(problems) => return usage_errors(io, problems),
        Failure::Transport(message) => {
            say(io.stderr, &format!("error: no answer from {}: {message}\n", connection.zone));
        }
        Failure::Http { head, error } => {
            if let Some((status, headers)) = head {
                if flags.verbose {
                    say(io.stderr, &head_text(*status, headers, "< "));
                }
                if flags.include {
                    say(io.stdout, &format!("{}\n", head_text(*status, headers, "")));
                }
            }
            say(io.stderr, &format!("error: {error}\n"));
            if let Some(details) = error.details().filter(|d| !d.is_empty()) {
                say(io.stderr, &format!("details: {}\n", Value::Object(details.clone())));
            }
            if let Some(raw) = error.raw_body().filter(|r| !r.trim().is_empty()) {
                let shown: String = raw.chars().take(2000).collect();
                say(io.stderr, &format!("body: {shown}\n"));
            }
            if error.status().is_some_and(|s| s.as_u16() == 401) && connection.auth == Auth::None {
                say(
                    io.stderr,
                    &format!(
                        "note: no credentials were given: set {} or {}, or pass --token or -u\n",
                        connect::ENV_API_KEY,
                        connect::ENV_BASIC_AUTH
                    ),
                );
            }
        }
    }
    failure.exit_code()
}
