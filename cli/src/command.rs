//! The command line: global options, one subcommand per operation of the
//! table (its help written from the spec) and `completions`.

use std::time::Duration;

use clap::{Arg, ArgAction, Command, value_parser};
use onezone_client::BASE_PATH;

use crate::connect::{ENV_API_KEY, ENV_BASIC_AUTH, ENV_HOST};
use crate::table::Operation;

/// The subcommand printing shell completions.
pub const COMPLETIONS: &str = "completions";

/// Argument ids of the global options.
pub mod opt {
    #![allow(missing_docs)]
    pub const HOST: &str = "host";
    pub const TOKEN: &str = "token";
    pub const BEARER: &str = "bearer";
    pub const USER: &str = "user";
    pub const INSECURE: &str = "insecure";
    pub const CACERT: &str = "cacert";
    pub const TIMEOUT: &str = "timeout";
    pub const BODY: &str = "body";
    pub const RAW: &str = "raw";
    pub const ID_ONLY: &str = "id-only";
    pub const INCLUDE: &str = "include";
    pub const VERBOSE: &str = "verbose";
    pub const DRY_RUN: &str = "dry-run";
    pub const WORDS: &str = "words";
    pub const SHELL: &str = "shell";
}

const ABOUT: &str = "Command-line client of the Onezone REST API (handle services and groups), \
                     its commands generated from spec/onezone.yaml";

fn after_help() -> String {
    format!(
        "Environment:\n  {ENV_HOST}        the zone: a host name (https is assumed) or a URL\n  \
         {ENV_API_KEY}     an access token, sent as X-Auth-Token\n  \
         {ENV_BASIC_AUTH}  user:password for HTTP basic authentication\n\n\
         Exit codes: 0 on a 2xx answer; 1 on an HTTP error (the Onezone error on stderr); 2 on a usage error \
         (nothing sent); 3 on a transport error (connection, TLS, timeout).\n\n\
         `onezone <operation> --help` shows an operation's parameters, body fields, privileges and example."
    )
}

fn timeout(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text.parse().map_err(|_| format!("{text:?} is not a number of seconds"))?;
    if seconds.is_finite() && seconds > 0.0 && seconds < 1e9 {
        Ok(Duration::from_secs_f64(seconds))
    } else {
        Err(format!("{text:?}: a timeout is a positive number of seconds"))
    }
}

fn global_args() -> Vec<Arg> {
    let value = |id: &'static str, name: &'static str, help: &'static str| {
        Arg::new(id).long(id).value_name(name).global(true).help(help)
    };
    let flag =
        |id: &'static str, help: &'static str| Arg::new(id).long(id).action(ArgAction::SetTrue).global(true).help(help);
    vec![
        value(opt::HOST, "HOST", "The zone (overrides ONEZONE_HOST): zone.example.com or a URL"),
        value(opt::TOKEN, "TOKEN", "Access token, sent as X-Auth-Token (overrides ONEZONE_API_KEY)")
            .conflicts_with_all([opt::BEARER, opt::USER]),
        value(opt::BEARER, "TOKEN", "Access token, sent as Authorization: Bearer").conflicts_with(opt::USER),
        value(opt::USER, "USER:PASSWORD", "HTTP basic authentication (overrides ONEZONE_BASIC_AUTH)").short('u'),
        Arg::new(opt::INSECURE)
            .short('k')
            .long(opt::INSECURE)
            .action(ArgAction::SetTrue)
            .global(true)
            .help("Accept any TLS certificate (a self-signed zone on a network you trust)"),
        value(opt::CACERT, "FILE", "Also trust the CA certificates of this PEM file"),
        value(opt::TIMEOUT, "SECONDS", "Time limit of the whole call (default 30)").value_parser(timeout),
        Arg::new(opt::BODY)
            .long(opt::BODY)
            .value_name("FILE")
            .global(true)
            .help("Read the request body from FILE (- for standard input)"),
        Arg::new(opt::DRY_RUN)
            .long(opt::DRY_RUN)
            .action(ArgAction::SetTrue)
            .global(true)
            .help("Print the equivalent curl command and send nothing"),
        flag(opt::RAW, "Print the answer's body as received, not as pretty JSON"),
        flag(opt::ID_ONLY, "For a creation: print only the new id"),
        Arg::new(opt::INCLUDE)
            .short('i')
            .long(opt::INCLUDE)
            .action(ArgAction::SetTrue)
            .global(true)
            .help("Print the answer's status and headers before its body"),
        Arg::new(opt::VERBOSE)
            .short('v')
            .long(opt::VERBOSE)
            .action(ArgAction::SetTrue)
            .global(true)
            .help("Print the request and the answer's head on stderr (credentials redacted)"),
    ]
}

/// The documented answer, in words.
fn answer(op: &Operation) -> String {
    let statuses: Vec<String> = op
        .success
        .iter()
        .map(|s| {
            let reason = reqwest::StatusCode::from_u16(s.status).ok().and_then(|c| c.canonical_reason()).unwrap_or("");
            if s.location {
                format!("{} {reason}: prints the new id and its Location (--id-only: the id alone)", s.status)
            } else {
                format!("{} {reason}", s.status)
            }
        })
        .collect();
    statuses.join("; ")
}

/// The help text of an operation, after clap's usage and options.
pub fn operation_help(op: &Operation) -> String {
    let mut out = format!("Request: {} {BASE_PATH}{}\n", op.method, op.path);
    if !op.description.is_empty() {
        out.push_str(&format!("\n{}\n", op.description.trim()));
    }
    if !op.params.is_empty() {
        out.push_str("\nPath parameters:\n");
        let width = op.params.iter().map(|p| 2 * p.name.len() + 3).max().unwrap_or(0);
        for p in op.params {
            out.push_str(&format!("  {:width$}  {}\n", format!("{}=<{}>", p.name, p.name), p.description));
        }
    }
    if let Some(body) = &op.body {
        let need = if body.required { "required" } else { "optional" };
        out.push_str(&format!("\nBody: {} ({need}) — {}\n", body.schema, body.description.trim()));
        for f in body.fields {
            let op = if f.string { "==" } else { ":=" };
            let required = if f.required { ", required" } else { "" };
            out.push_str(&format!("  {}{op}<{}{required}>  {}\n", f.name, f.ty, f.description));
        }
        out.push_str(
            "  (a field as key==string or key:=json, or the whole body as JSON with - (standard input) or --body FILE)\n",
        );
    }
    out.push_str(&format!("\nAnswer: {}\n", answer(op)));
    if op.public {
        out.push_str("\nPublic: needs no credentials.\n");
    }
    if !op.privileges.is_empty() {
        out.push_str(&format!(
            "\nPrivileges the API names for it (x-onedata-permissions): {}\n",
            op.privileges.join(", ")
        ));
    }
    if let Some(sample) = op.sample {
        out.push_str(&format!("\nDocumented example (onezone-rest-cli stands for onezone):\n  {sample}\n"));
    }
    let others: Vec<String> = [
        (op.snake != op.command).then(|| op.snake.to_owned()),
        op.legacy.map(|l| format!("{l} (the documentation's former name)")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !others.is_empty() {
        out.push_str(&format!("\nAlso called: {}\n", others.join(", ")));
    }
    out
}

fn usage(op: &Operation) -> String {
    let mut usage = format!("onezone {} [OPTIONS]", op.command);
    for p in op.params {
        usage.push_str(&format!(" {}=<{}>", p.name, p.name));
    }
    if let Some(body) = &op.body {
        let open = if body.required { "" } else { "[" };
        let close = if body.required { "" } else { "]" };
        usage.push_str(&format!(" {open}<key==string | key:=json>... | - | --body FILE{close}"));
    }
    usage
}

fn operation_command(op: &Operation) -> Command {
    let mut command =
        Command::new(op.command).about(op.summary).override_usage(usage(op)).after_help(operation_help(op)).arg(
            Arg::new(opt::WORDS)
                .value_name("ARGS")
                .num_args(0..)
                .action(ArgAction::Append)
                .help("name=value (path parameter), key==string / key:=json (body field), - (body on standard input)"),
        );
    for name in op.names().skip(1) {
        command = command.alias(name);
    }
    command
}

fn operation_list(operations: &[Operation]) -> String {
    let width = operations.iter().map(|op| op.command.len()).max().unwrap_or(0);
    let mut out = "Operations (onezone <OPERATION> --help for one):\n".to_owned();
    for op in operations {
        out.push_str(&format!("  {:width$}  {}\n", op.command, op.summary));
    }
    out.push_str(&format!("  {:width$}  Print a completion script for a shell (bash, zsh, fish, …)", COMPLETIONS));
    out
}

/// The whole command line.
pub fn command(operations: &[Operation]) -> Command {
    let mut command = Command::new("onezone")
        .about(ABOUT)
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .disable_help_subcommand(true)
        .subcommand_value_name("OPERATION")
        // The operations, one line each (clap's list puts each summary on a
        // line of its own once the longest name is this long).
        .help_template("{about-with-newline}\n{usage-heading} {usage}\n\n{before-help}Options:\n{options}{after-help}")
        .before_help(operation_list(operations))
        .after_help(after_help())
        .args(global_args());
    for op in operations {
        command = command.subcommand(operation_command(op));
    }
    command.subcommand(
        Command::new(COMPLETIONS)
            .about("Print a completion script for a shell")
            .hide(true)
            .arg(Arg::new(opt::SHELL).required(true).value_parser(value_parser!(clap_complete::Shell))),
    )
}
