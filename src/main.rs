//! `hongniang`: the GUI when started without a subcommand, otherwise the command line.

use clap::Parser;
use hongniang::cli::{self, Cli};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = Cli::parse();
    let options = args.options();
    // The demo never goes into the default database, which is the station's own.
    if matches!(args.command, Some(cli::Command::Demo { .. })) && args.db.is_none() {
        eprintln!("错误:演示数据要写进一个新文件,请用 --db 指明,例如:hongniang --db 演示.db demo");
        return ExitCode::FAILURE;
    }
    let path = match cli::database_path(args.db) {
        Ok(path) => path,
        Err(error) => {
            eprintln!("错误:{}", error.0);
            return ExitCode::FAILURE;
        }
    };
    if args.key.is_some() {
        eprintln!("错误:{}", cli::ON_THE_COMMAND_LINE);
        return ExitCode::FAILURE;
    }
    let key = match &args.command {
        // The window asks for the password of an encrypted database itself.
        None => std::env::var("HONGNIANG_KEY").ok(),
        Some(_) => match cli::database_key(&path) {
            Ok(key) => key,
            Err(error) => {
                eprintln!("错误:{}", error.0);
                return ExitCode::FAILURE;
            }
        },
    };
    if let Some(key) = &key {
        hongniang::data::cipher::set_key(&path, Some(key));
    }
    match args.command {
        None => match hongniang::gui::run(path) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("错误:窗口无法打开:{error}");
                ExitCode::FAILURE
            }
        },
        Some(command) => {
            let stdout = std::io::stdout();
            match cli::run(path, &options, command, &mut stdout.lock()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("错误:{}", error.0);
                    ExitCode::FAILURE
                }
            }
        }
    }
}
