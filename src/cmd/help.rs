//! `fachwerk --help` in the editor's language: every command's and argument's text,
//! the headings and clap's own lines come from the catalogue's `help:` section
//! (src/messages/{de,en}.yaml), German unless `--lang` or `FACHWERK_LANG` says
//! otherwise. The texts in the argument structs' doc comments stay as the English
//! source; what is printed is the catalogue's.
//!
//! Keys: a command by its path below `fachwerk` (`build`, `new.site`; the top
//! command is `fachwerk`), an argument by its command's path and its id
//! (`build.output`), a value's placeholder by `value.<ID>`; `heading.*`, `flag.*`
//! and `usage` are the words clap would print in English.

use crate::messages::{Language, catalogue};
use clap::{Arg, ArgAction, Command};

/// The language of the help: `--lang` among the raw arguments, else
/// `FACHWERK_LANG`, else German.
pub fn language(args: &[String]) -> Language {
    let from_args = args
        .iter()
        .position(|a| a == "--lang")
        .and_then(|i| args.get(i + 1).map(String::as_str))
        .or_else(|| args.iter().find_map(|a| a.strip_prefix("--lang=")));
    super::message_language(from_args)
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// `cmd` with its help in `lang`, its subcommands' too.
pub fn localize(cmd: Command, lang: Language) -> Command {
    let cmd = localize_at(cmd, "fachwerk", lang);
    let mut built = cmd.clone();
    built.build();
    let options = or_key(lang, "value.OPTIONS");
    usages(cmd, &mut built, &options)
}

/// `cmd` and its subcommands with clap's `[OPTIONS]` in their usage line as
/// `options` (`built` is `cmd` after clap's build, which knows the usage lines).
fn usages(mut cmd: Command, built: &mut Command, options: &str) -> Command {
    let usage = built.render_usage().to_string();
    let usage = usage.split_once(' ').map_or(usage.as_str(), |(_, u)| u);
    cmd = cmd.override_usage(usage.replace("[OPTIONS]", &format!("[{options}]")));
    for sub in built.get_subcommands_mut() {
        let name = sub.get_name().to_string();
        cmd = cmd.mut_subcommand(name, |s| usages(s, sub, options));
    }
    cmd
}

/// The catalogue keys that `cmd`'s help needs and `lang`'s catalogue lacks (a test
/// asks for none).
pub fn missing(cmd: &Command, lang: Language) -> Vec<String> {
    let mut keys = vec![
        "usage".to_string(),
        "heading.commands".to_string(),
        "heading.arguments".to_string(),
        "heading.options".to_string(),
        "flag.help".to_string(),
        "flag.version".to_string(),
        "value.COMMAND".to_string(),
        "value.OPTIONS".to_string(),
    ];
    needed(cmd, "fachwerk", &mut keys);
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| text(lang, k).is_none())
        .collect()
}

/// The keys of `cmd` at `path` and below.
fn needed(cmd: &Command, path: &str, keys: &mut Vec<String>) {
    keys.push(path.to_string());
    for a in cmd.get_arguments() {
        keys.push(format!("{path}.{}", a.get_id()));
        if let Some(name) = placeholder(a) {
            keys.push(format!("value.{name}"));
        }
    }
    for s in cmd.get_subcommands() {
        needed(s, &child(path, s.get_name()), keys);
    }
}

/// The key of the subcommand `name` of the command at `path`: `build`, `new.site`.
fn child(path: &str, name: &str) -> String {
    if path == "fachwerk" {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

/// The catalogue's help text under `key`.
fn text(lang: Language, key: &str) -> Option<&'static str> {
    catalogue(lang).help(key)
}

/// The text under `key`, or the key itself (a missing text shows as its key, as a
/// missing message shows as its code; the test above keeps that from happening).
fn or_key(lang: Language, key: &str) -> String {
    text(lang, key).map_or_else(|| key.to_string(), str::to_string)
}

fn localize_at(mut cmd: Command, path: &str, lang: Language) -> Command {
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let help = or_key(lang, &format!("{path}.{id}"));
        let options = or_key(lang, "heading.options");
        let arguments = or_key(lang, "heading.arguments");
        cmd = cmd.mut_arg(id.as_str(), |a| {
            let heading = if a.is_positional() {
                arguments
            } else {
                options
            };
            let a = a.help(help).help_heading(heading);
            if placeholder(&a).is_none() {
                return a;
            }
            // The texts name the default and the choices themselves.
            let a = a.hide_default_value(true).hide_possible_values(true);
            match value_name(&a, lang) {
                Some(v) => a.value_name(v),
                None => a,
            }
        });
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        let sub_path = child(path, &name);
        cmd = cmd.mut_subcommand(name.as_str(), |s| localize_at(s, &sub_path, lang));
    }
    cmd = cmd
        .about(or_key(lang, path))
        .long_about(None)
        .help_template(or_key(lang, "usage"))
        .subcommand_help_heading(or_key(lang, "heading.commands"))
        .subcommand_value_name(or_key(lang, "value.COMMAND"))
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(flag("help", 'h', ArgAction::Help, lang));
    if path == "fachwerk" {
        cmd = cmd
            .disable_version_flag(true)
            .arg(flag("version", 'V', ArgAction::Version, lang));
    }
    cmd
}

/// The `-h`/`-V` flag `name`, its text from `flag.<name>`.
fn flag(name: &'static str, short: char, action: ArgAction, lang: Language) -> Arg {
    Arg::new(name)
        .short(short)
        .long(name)
        .action(action)
        .help(or_key(lang, &format!("flag.{name}")))
        .help_heading(or_key(lang, "heading.options"))
}

/// The placeholder of `a`'s value in `lang` (`<ORDNER>`), if it takes one.
fn value_name(a: &Arg, lang: Language) -> Option<&'static str> {
    text(lang, &format!("value.{}", placeholder(a)?))
}

/// The English placeholder of `a`'s value (`DIR`), if it takes a value.
fn placeholder(a: &Arg) -> Option<String> {
    if !matches!(a.get_action(), ArgAction::Set | ArgAction::Append) {
        return None;
    }
    Some(match a.get_value_names() {
        Some(names) => names.first()?.to_string(),
        None => a.get_id().as_str().to_uppercase(),
    })
}
