//! `teamdesk serve`: opens the store once, for every SSH session.

use std::sync::Arc;
use std::time::Duration;

use super::args::{Cli, ServeArgs};
use super::{Failure, console, mail, opening, operator};
use crate::config::Config;
use crate::domain::DomainError;
use crate::serve::{ConsoleLook, Limits, Serving, host_key};
use crate::sources::SystemClock;
use crate::store::OpenMode;
use crate::tui::effects::Runtime;
use crate::tui::i18n::Lang;
use crate::tui::theme::ThemeName;
use crate::workspace::{Actor, Workspace, start_delivery_worker};

/// Serves until stopped; the store stays open, and this process the only
/// one holding it, all along.
pub(super) fn serve(cli: &Cli, args: &ServeArgs) -> Result<i32, Failure> {
    if operator(cli)? != Actor::Operator {
        return Err(DomainError::Denied(
            "only the store's operator can serve it: run it without --as".into(),
        )
        .into());
    }
    if cli.now.is_some() {
        return Err(Failure::Usage(
            "a server keeps the real time: run it without --now".into(),
        ));
    }
    let config = Config::load(cli.config.as_deref())?;
    let dir = console::store_dir(cli.db.as_ref(), Config::default_store_dir())?;
    let host_key_path = args
        .host_key
        .clone()
        .unwrap_or_else(|| host_key::beside(&dir));
    let host_key = host_key::load_or_create(&host_key_path)?;
    let settings = config.settings(Some(mail::link_key(cli)?))?;
    let workspace = Arc::new(Workspace::open(
        &dir,
        opening(cli, OpenMode::MustExist),
        Arc::new(SystemClock),
        settings,
    )?);
    start_delivery_worker(workspace.clone(), mail::mailer(cli, &config, &dir)?);
    super::console::start_logging_to_stderr();
    crate::serve::run(Serving {
        listen: args.listen,
        store_dir: dir.clone(),
        host_key,
        limits: Limits {
            max_sessions: args.max_sessions,
            idle: Duration::from_secs(args.idle_timeout),
            failures_per_key: args.auth_failures,
            ..Limits::default()
        },
        runtime: Runtime {
            // Where the operator's local console remembers the account it picks.
            config_path: cli.config.clone().or_else(Config::default_path),
            ..Runtime::new(workspace)
        },
        mailer: mail::mailer(cli, &config, &dir)?,
        look: ConsoleLook {
            lang: config.lang.unwrap_or(Lang::En),
            theme: config.theme.unwrap_or(ThemeName::Default),
            keymap: config.keymap.clone(),
            config: cli.config.clone(),
        },
    })?;
    Ok(0)
}
