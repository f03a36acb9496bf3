//! Parsers for the spec's `x-code-samples`: a small shell-word splitter,
//! the `curl` line and the `onezone-rest-cli` line.
//!
//! The splitter knows what the samples use: blanks, single quotes, double
//! quotes, backslashes, `$NAME` variables (outside single quotes) and `|`.
//! Anything else a shell would interpret (`;`, `&`, redirections, command
//! substitution) is refused rather than misread.

use std::fmt;

/// One character of a word, and whether a shell would expand a `$` there
/// (outside single quotes and not backslash-escaped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Char {
    c: char,
    expands: bool,
}

/// A shell word after quote removal.
#[derive(Clone, PartialEq, Eq)]
pub struct Word(Vec<Char>);

impl Word {
    /// The text, variables left as written (`$NAME`).
    pub fn text(&self) -> String {
        self.0.iter().map(|c| c.c).collect()
    }

    /// The word as literal text and variables.
    pub fn pieces(&self) -> Vec<Piece> {
        let mut out: Vec<Piece> = Vec::new();
        let mut i = 0;
        let chars = &self.0;
        while i < chars.len() {
            let start_var = chars[i].c == '$' && chars[i].expands;
            let name_len = if start_var {
                chars[i + 1..].iter().take_while(|c| c.c.is_ascii_alphanumeric() || c.c == '_').count()
            } else {
                0
            };
            if name_len > 0 && !chars[i + 1].c.is_ascii_digit() {
                out.push(Piece::Var(chars[i + 1..i + 1 + name_len].iter().map(|c| c.c).collect()));
                i += 1 + name_len;
            } else {
                match out.last_mut() {
                    Some(Piece::Lit(text)) => text.push(chars[i].c),
                    _ => out.push(Piece::Lit(chars[i].c.to_string())),
                }
                i += 1;
            }
        }
        out
    }

    fn literal(text: &str) -> Word {
        Word(text.chars().map(|c| Char { c, expands: false }).collect())
    }
}

impl fmt::Debug for Word {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.text())
    }
}

/// Part of a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Literal text.
    Lit(String),
    /// An unexpanded `$NAME`.
    Var(String),
}

/// A token of a shell line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// A word.
    Word(Word),
    /// An unquoted `|`.
    Pipe,
}

/// Splits one shell line into words and pipes.
pub fn split(line: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut word: Option<Vec<Char>> = None;
    let mut chars = line.chars().peekable();
    let lit = |c| Char { c, expands: false };
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' => {
                if let Some(w) = word.take() {
                    tokens.push(Token::Word(Word(w)));
                }
            }
            '|' => {
                if chars.peek() == Some(&'|') {
                    return Err("`||` is not supported".into());
                }
                if let Some(w) = word.take() {
                    tokens.push(Token::Word(Word(w)));
                }
                tokens.push(Token::Pipe);
            }
            '\'' => {
                let w = word.get_or_insert_with(Vec::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => w.push(lit(c)),
                        None => return Err("unterminated single quote".into()),
                    }
                }
            }
            '"' => {
                let w = word.get_or_insert_with(Vec::new);
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(e @ ('$' | '`' | '"' | '\\')) => w.push(lit(e)),
                            Some('\n') => {}
                            Some(other) => {
                                w.push(lit('\\'));
                                w.push(lit(other));
                            }
                            None => return Err("unterminated double quote".into()),
                        },
                        Some('`') => return Err("command substitution is not supported".into()),
                        Some('$') if chars.peek() == Some(&'(') => {
                            return Err("command substitution is not supported".into());
                        }
                        Some(c) => w.push(Char { c, expands: c == '$' }),
                        None => return Err("unterminated double quote".into()),
                    }
                }
            }
            '\\' => match chars.next() {
                Some('\n') => {}
                Some(e) => word.get_or_insert_with(Vec::new).push(lit(e)),
                None => return Err("a backslash at the end of the line".into()),
            },
            ';' | '&' | '<' | '>' | '(' | ')' | '`' => {
                return Err(format!("shell syntax `{c}` is not supported"));
            }
            '$' if chars.peek() == Some(&'(') => return Err("command substitution is not supported".into()),
            '#' if word.is_none() => return Err("comments are not supported".into()),
            c => word.get_or_insert_with(Vec::new).push(Char { c, expands: c == '$' }),
        }
    }
    if let Some(w) = word.take() {
        tokens.push(Token::Word(Word(w)));
    }
    Ok(tokens)
}

/// Splits a line into pipeline stages of words.
pub fn pipeline(line: &str) -> Result<Vec<Vec<Word>>, String> {
    let mut stages = vec![Vec::new()];
    for token in split(line)? {
        match token {
            Token::Word(w) => {
                if let Some(stage) = stages.last_mut() {
                    stage.push(w);
                }
            }
            Token::Pipe => stages.push(Vec::new()),
        }
    }
    if stages.iter().any(Vec::is_empty) {
        return Err("empty pipeline stage".into());
    }
    Ok(stages)
}

/// A `curl` sample, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Curl {
    /// `-X`, if given.
    pub method: Option<String>,
    /// The URL word.
    pub url: Word,
    /// `-H "Name: value"` headers, in order.
    pub headers: Vec<(String, String)>,
    /// `-u user:password`.
    pub user: Option<(String, String)>,
    /// `-d` data, as written.
    pub data: Option<String>,
    /// `-k` was given.
    pub insecure: bool,
}

impl Curl {
    /// The method curl uses: `-X`, else POST with `-d`, else GET.
    pub fn effective_method(&self) -> String {
        match (&self.method, &self.data) {
            (Some(m), _) => m.to_uppercase(),
            (None, Some(_)) => "POST".into(),
            (None, None) => "GET".into(),
        }
    }

    /// The first value of a header (name compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Parses a `curl …` line.
pub fn parse_curl(line: &str) -> Result<Curl, String> {
    let stages = pipeline(line)?;
    let [words] = stages.as_slice() else {
        return Err(format!("a curl sample is one command, found a pipeline of {}", stages.len()));
    };
    let mut args = words.iter().map(Word::text).zip(words.iter());
    match args.next() {
        Some((cmd, _)) if cmd == "curl" => {}
        other => return Err(format!("does not start with `curl`: {:?}", other.map(|o| o.0))),
    }
    let mut curl =
        Curl { method: None, url: Word::literal(""), headers: Vec::new(), user: None, data: None, insecure: false };
    let mut url = None;
    while let Some((arg, word)) = args.next() {
        let mut value = |option: &str| {
            args.next().map(|(text, _)| text).ok_or_else(|| format!("curl option {option} needs a value"))
        };
        match arg.as_str() {
            "-X" | "--request" => curl.method = Some(value(&arg)?),
            "-H" | "--header" => {
                let header = value(&arg)?;
                let (name, v) =
                    header.split_once(':').ok_or_else(|| format!("header {header:?} is not `Name: value`"))?;
                curl.headers.push((name.trim().to_owned(), v.trim().to_owned()));
            }
            "-u" | "--user" => {
                let user = value(&arg)?;
                let (name, password) = user.split_once(':').unwrap_or((&user, ""));
                curl.user = Some((name.to_owned(), password.to_owned()));
            }
            "-d" | "--data" | "--data-raw" | "--data-binary" => {
                if curl.data.is_some() {
                    return Err("more than one -d is not supported".into());
                }
                curl.data = Some(value(&arg)?);
            }
            "-k" | "--insecure" => curl.insecure = true,
            option if option.starts_with('-') => return Err(format!("unsupported curl option {option}")),
            _ => {
                if url.is_some() {
                    return Err(format!("more than one URL: {arg:?}"));
                }
                url = Some(word.clone());
            }
        }
    }
    curl.url = url.ok_or("no URL")?;
    Ok(curl)
}

/// What a CLI sample pipes into `onezone-rest-cli`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stdin {
    /// Nothing is piped in.
    None,
    /// `echo '<text>' |`.
    Echo(String),
    /// `cat <file> |`.
    File(String),
}

/// One argument of a CLI call: the `onezone` binary's own grammar of
/// argument words, so a documented line is judged as the binary reads it.
pub use onezone_cli::words::CliArg;

/// An `onezone-rest-cli` sample, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cli {
    /// What is piped in.
    pub stdin: Stdin,
    /// The command (operation) name.
    pub command: String,
    /// The arguments, in order.
    pub args: Vec<CliArg>,
}

/// The CLI's name for an operationId: its lowerCamelCase
/// (`list_handle_services` → `listHandleServices`), by heck, as the CLI's
/// own command table names it.
pub fn camel_case(operation_id: &str) -> String {
    heck::ToLowerCamelCase::to_lower_camel_case(operation_id)
}

/// Parses `[echo '<json>' | | cat <file> |] onezone-rest-cli <name> args…`.
pub fn parse_cli(line: &str) -> Result<Cli, String> {
    let stages = pipeline(line)?;
    let (stdin, call) = match stages.as_slice() {
        [call] => (Stdin::None, call),
        [feed, call] => {
            let texts: Vec<String> = feed.iter().map(Word::text).collect();
            let stdin = match texts.split_first() {
                Some((cmd, rest)) if cmd == "echo" => Stdin::Echo(rest.join(" ")),
                Some((cmd, [file])) if cmd == "cat" => Stdin::File(file.clone()),
                _ => return Err(format!("unsupported command before the pipe: {texts:?}")),
            };
            (stdin, call)
        }
        _ => return Err(format!("a pipeline of {} commands is not supported", stages.len())),
    };
    let mut words = call.iter().map(Word::text);
    match words.next() {
        Some(cmd) if cmd == "onezone-rest-cli" => {}
        other => return Err(format!("does not call `onezone-rest-cli`: {other:?}")),
    }
    let command = words.next().ok_or("no operation name")?;
    if command.starts_with('-') {
        return Err(format!("unsupported onezone-rest-cli option {command}"));
    }
    let args = words
        .map(|word| {
            onezone_cli::words::parse_word(&word).map_err(|_| format!("unsupported onezone-rest-cli argument {word:?}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Cli { stdin, command, args })
}
