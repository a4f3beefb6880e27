//! `hongniang`: the GUI when started without a subcommand, otherwise the command line.

// On Windows a window program: no console window opens behind the window. The command line
// attaches to the terminal it was typed in (src/console.rs).
#![cfg_attr(windows, windows_subsystem = "windows")]

use clap::Parser;
use hongniang::cli::{self, Cli};
use hongniang::console;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = match Cli::try_parse() {
        Ok(args) => args,
        Err(error) => {
            // --help, --version and mistyped commands answer in the terminal.
            console::attach_to_terminal();
            error.exit()
        }
    };
    // Only the command line and errors print: the window alone stays apart from any terminal
    // (closing a terminal would otherwise close the window started from it).
    let windowed = args.command.is_none();
    if !windowed {
        console::attach_to_terminal();
    }
    let options = args.options();
    let encoding = args.encoding;
    // The demo never goes into the default database, which is the station's own.
    if matches!(args.command, Some(cli::Command::Demo { .. })) && args.db.is_none() {
        return fail(
            windowed,
            "演示数据要写进一个新文件,请用 --db 指明,例如:hongniang --db 演示.db demo",
        );
    }
    let path = match cli::database_path(args.db) {
        Ok(path) => path,
        Err(error) => return fail(windowed, &error.0),
    };
    if args.key.is_some() {
        return fail(windowed, cli::ON_THE_COMMAND_LINE);
    }
    let key = match &args.command {
        // The window asks for the password of an encrypted database itself.
        None => std::env::var("HONGNIANG_KEY").ok(),
        Some(_) => match cli::database_key(&path) {
            Ok(key) => key,
            Err(error) => return fail(windowed, &error.0),
        },
    };
    if let Some(key) = &key {
        hongniang::data::cipher::set_key(&path, Some(key));
    }
    match args.command {
        None => match hongniang::gui::run(path) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => fail(windowed, &format!("窗口无法打开:{error}")),
        },
        Some(command) => {
            // A file on Windows gets what Excel opens right; `--encoding` chooses otherwise.
            let encoding = console::encoding_for(console::stdout_kind(), encoding);
            let mut out = console::Output::new(std::io::stdout().lock(), encoding);
            let done = cli::run(path, &options, command, &mut out)
                .and_then(|()| out.finish().map(drop).map_err(cli::CliError::from));
            match done {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) if error.is_closed_pipe() => ExitCode::SUCCESS,
                Err(error) => fail(windowed, &error.0),
            }
        }
    }
}

/// Says what went wrong, in the terminal the program was started from (if any), and fails.
/// On Windows a window that could not open says it in a message box too: started from a
/// shortcut, there is no terminal to read.
fn fail(windowed: bool, message: &str) -> ExitCode {
    console::attach_to_terminal();
    if windowed && cfg!(windows) {
        rfd::MessageDialog::new()
            .set_level(rfd::MessageLevel::Error)
            .set_title("红娘工作台")
            .set_description(format!("红娘工作台打不开:{message}"))
            .set_buttons(rfd::MessageButtons::Ok)
            .show();
    }
    eprintln!("错误:{message}");
    ExitCode::FAILURE
}
