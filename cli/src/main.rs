//! The `onezone` binary: [`onezone_cli::run`] over the process's arguments,
//! environment and standard streams.

use std::io::IsTerminal as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    let stdin = std::io::stdin();
    let stdin_is_terminal = stdin.is_terminal();
    let env = |name: &str| std::env::var(name).ok();
    let mut io = onezone_cli::Io {
        env: &env,
        stdin: &mut stdin.lock(),
        stdin_is_terminal,
        stdout: &mut std::io::stdout().lock(),
        stderr: &mut std::io::stderr().lock(),
    };
    ExitCode::from(onezone_cli::run(std::env::args_os().collect(), &mut io))
}
