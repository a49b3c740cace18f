//! `teamdesk` with no command, and `teamdesk demo`: set up and open the console.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

use super::args::{Cli, ConsoleOptions};
use super::{Failure, opening};
use crate::config::Config;
use crate::domain::DomainError;
use crate::mail::transport::Mailer;
use crate::sources::{Clock, ManualClock, SystemClock};
use crate::store::{OpenMode, Opening, Store};
use crate::tui::effects::Runtime;
use crate::tui::i18n::{Catalogue, Lang};
use crate::tui::keymap::Keymap;
use crate::tui::state::Options;
use crate::tui::theme::{Theme, ThemeName};
use crate::tui::{Opener, Stop};
use crate::workspace::{Actor, Workspace, start_delivery_worker};

/// What the console reads from its environment: a local client sends these
/// to the server that runs its console.
pub(super) const ENVIRONMENT: [&str; 2] = ["LANG", "NO_COLOR"];

/// A variable of the console's environment ([`ENVIRONMENT`]): this
/// process's own, or the one a local client sent with its request.
pub(super) type Environment<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The console's language: `--lang`, then the config, then `LANG`, then English.
fn language(options: &ConsoleOptions, config: &Config, env: Environment<'_>) -> Lang {
    options
        .lang
        .or(config.lang)
        .or_else(|| env("LANG").and_then(|lang| Lang::parse(&lang)))
        .unwrap_or(Lang::En)
}

/// `--theme`, then the config; `NO_COLOR` asks for no colour at all.
fn theme(options: &ConsoleOptions, config: &Config, env: Environment<'_>) -> ThemeName {
    if env("NO_COLOR").is_some_and(|value| !value.is_empty()) {
        return ThemeName::Monochrome;
    }
    options.theme.or(config.theme).unwrap_or(ThemeName::Default)
}

/// How the console looks and takes keys, from its options, the config and
/// the environment; the operator's console (without `--as`) may switch
/// accounts.
pub(super) fn look(
    cli: &Cli,
    options: &ConsoleOptions,
    config: &Config,
    env: Environment<'_>,
) -> Result<Options, Failure> {
    let catalogue =
        Catalogue::load(language(options, config, env)).map_err(DomainError::Invalid)?;
    let (keymap, keymap_warnings) = Keymap::load(&config.keymap);
    Ok(Options {
        catalogue,
        theme: Theme::new(theme(options, config, env)),
        keymap,
        keymap_warnings,
        demo: None,
        operator: cli.acting_as.is_none(),
        mouse: options.mouse,
        size: (0, 0),
    })
}

/// Logs go to a file: the screen belongs to the console.
fn start_logging() {
    let path = Config::log_path();
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Ok(file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
    {
        let _ = tracing_subscriber::fmt()
            .with_writer(Mutex::new(file))
            .with_ansi(false)
            .try_init();
    }
}

/// A server's log goes to stderr, where its operator runs it.
pub(super) fn start_logging_to_stderr() {
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}

/// The store named explicitly, or the platform's default one.
pub(super) fn store_dir(
    explicit: Option<&PathBuf>,
    default: Option<PathBuf>,
) -> Result<PathBuf, Failure> {
    explicit.cloned().or(default).ok_or_else(|| {
        Failure::Usage(
            "there is no platform data directory here: name the store with --db PATH".into(),
        )
    })
}

/// Opens the console: on the store (`demo` false) or on the demo store.
pub fn open(cli: &Cli, options: &ConsoleOptions, demo: Option<bool>) -> Result<i32, Failure> {
    let dir = match demo {
        Some(_) => store_dir(cli.db.as_ref(), Config::default_demo_dir())?,
        None => {
            let dir = store_dir(cli.db.as_ref(), Config::default_store_dir())?;
            // A mistyped --db is told before the console takes the screen.
            Store::probe(&dir)?;
            dir
        }
    };
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(Failure::Usage(
            "the console needs a terminal; for scripts use a command (see `teamdesk --help`)"
                .into(),
        ));
    }
    if demo.is_none()
        && let Some(code) = super::relay::console::through_server(&dir, options.mouse)
    {
        return Ok(code);
    }
    let config = Config::load(cli.config.as_deref())?;
    let settings = config.settings(Some(super::mail::link_key(cli)?))?;
    let mailer = super::mail::mailer(cli, &config, &dir)?;
    let mut look = look(cli, options, &config, &|name| std::env::var(name).ok())?;
    for warning in &look.keymap_warnings {
        eprintln!("keymap: {warning}");
    }
    start_logging();
    let (clock, cast) = match demo {
        Some(reset) => {
            let creating = opening(cli, OpenMode::CreateIfMissing);
            let now = prepare_demo(&dir, creating, reset, &settings, cli.now)?;
            let clock = Arc::new(ManualClock::new(now));
            (Some(clock), Some(crate::demo::cast()))
        }
        None => (None, None),
    };
    let shared: Arc<dyn Clock> = match (&clock, cli.now) {
        (Some(clock), _) => clock.clone(),
        (None, Some(now)) => Arc::new(ManualClock::new(now)),
        (None, None) => Arc::new(SystemClock),
    };
    let config_path = cli.config.clone().or_else(Config::default_path);
    let acting_as = cli.acting_as.clone();
    let first_of_cast = cast
        .as_ref()
        .and_then(|cast| cast.first())
        .map(|person| person.email.clone());
    let remembered = config.last_account.clone();
    let opening = opening(cli, OpenMode::MustExist);
    // Opening a large store takes a moment: the console draws its first frame first.
    let open: Opener = Box::new(move || {
        let workspace = Arc::new(Workspace::open(&dir, opening, shared, settings)?);
        let actor = acting_person(&workspace, acting_as, first_of_cast, remembered)?;
        start_delivery_worker(workspace.clone(), mailer);
        let runtime = Runtime {
            clock,
            config_path,
            ..Runtime::new(workspace)
        };
        Ok((runtime, actor))
    });
    // The demo's people are switched between as its cast, not by the operator.
    look.operator &= cast.is_none();
    look.demo = cast;
    crate::tui::run(look, open).map_err(|stop| match stop {
        Stop::Terminal(error) => Failure::Output(error),
        Stop::Open(error) => Failure::App(error),
    })?;
    Ok(0)
}

/// Who the console acts as: `--as`, else the demo's owner, else the account
/// remembered in the config (if it still exists); `None` opens the picker.
pub(super) fn acting_person(
    workspace: &Workspace,
    acting_as: Option<String>,
    first_of_cast: Option<String>,
    remembered: Option<String>,
) -> Result<Option<Actor>, crate::Error> {
    if let Some(email) = acting_as {
        let actor = Actor::person(&email)?;
        workspace.account(&actor)?;
        return Ok(Some(actor));
    }
    if let Some(email) = first_of_cast {
        return Ok(Some(Actor::person(&email)?));
    }
    let remembered = remembered
        .as_deref()
        .and_then(|email| Actor::person(email).ok());
    Ok(remembered.filter(|actor| workspace.account(actor).is_ok()))
}

/// Seeds the demo store when it is new (or `reset` asks to start over), and
/// says when the demo's clock starts: `--now`, else where the demo's time
/// travel left it, else the present.
fn prepare_demo(
    dir: &Path,
    opening: Opening,
    reset: bool,
    settings: &crate::workspace::Settings,
    now: Option<DateTime<Utc>>,
) -> Result<DateTime<Utc>, Failure> {
    let (fresh, resume_at) = {
        // Opening first proves no other process holds the store before anything is removed.
        let store = Store::open(dir, opening)?;
        (store.is_empty(), store.override_now()?)
    };
    if reset && !fresh {
        std::fs::remove_dir_all(dir).map_err(|e| {
            DomainError::Invalid(format!(
                "cannot reset the demo store {}: {e}",
                dir.display()
            ))
        })?;
        // The demo's delivered emails go with it.
        let mail = Mailer::folder_dir_beside(dir);
        if mail.is_dir() {
            std::fs::remove_dir_all(&mail).map_err(|e| {
                DomainError::Invalid(format!("cannot reset {}: {e}", mail.display()))
            })?;
        }
    }
    if reset || fresh {
        let now = now.unwrap_or_else(Utc::now);
        eprintln!("Seeding the demo store in {} ...", dir.display());
        crate::demo::seed(dir, settings.clone(), now).map_err(DomainError::Invalid)?;
        return Ok(now);
    }
    Ok(now.or(resume_at).unwrap_or_else(Utc::now))
}
