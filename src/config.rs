//! The install's configuration file (`config.toml` in the platform config
//! directory, or `--config PATH` / `TEAMDESK_CONFIG`).

use std::path::{Path, PathBuf};

use directories::ProjectDirs;
use serde::Deserialize;

use crate::billing::PriceList;
use crate::domain::DomainError;
use crate::domain::invitation::LinkKey;
use crate::tui::i18n::Lang;
use crate::tui::keymap::BindingEntry;
use crate::tui::theme::ThemeName;
use crate::workspace::Settings;

/// What `config.toml` may say. Every key is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Invitation links are `<base_url>/join/<token>`.
    pub base_url: Option<String>,
    /// A price list replacing `assets/plans.toml`.
    pub plans: Option<PathBuf>,
    /// Console language: `en` or `pl`.
    pub lang: Option<Lang>,
    /// Console theme: `default` or `monochrome`.
    pub theme: Option<ThemeName>,
    /// The account the console acts as when no `--as` is given (remembered from the picker).
    pub last_account: Option<String>,
    /// Key bindings replacing the defaults of `assets/keymap.toml`, same shape.
    #[serde(default)]
    pub keymap: Vec<BindingEntry>,
    /// The SMTP server invitation emails go through (see `--smtp`); without
    /// one they are written as `.eml` files beside the store.
    pub smtp_url: Option<String>,
    /// Who invitation emails come from, such as `Bondi Clinic <team@bondi.example>`.
    pub mail_from: Option<String>,
}

fn project_dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "teamdesk")
}

impl Config {
    /// Where the configuration lives unless `--config` says otherwise.
    pub fn default_path() -> Option<PathBuf> {
        project_dirs().map(|dirs| dirs.config_dir().join("config.toml"))
    }

    /// The store's directory unless `--db` says otherwise.
    pub fn default_store_dir() -> Option<PathBuf> {
        project_dirs().map(|dirs| dirs.data_dir().join("store"))
    }

    /// Where `teamdesk demo` keeps its store unless `--db` says otherwise.
    pub fn default_demo_dir() -> Option<PathBuf> {
        project_dirs().map(|dirs| dirs.data_dir().join("demo"))
    }

    /// The install's link key: beside the configuration file in use.
    pub fn link_key_path(explicit: Option<&Path>) -> Option<PathBuf> {
        explicit
            .map(Path::to_path_buf)
            .or_else(Self::default_path)
            .map(|config| crate::install::link_key_path(&config))
    }

    /// The console's log file: in the platform data directory, else the temporary one.
    pub fn log_path() -> PathBuf {
        project_dirs()
            .map(|dirs| dirs.data_dir().to_path_buf())
            .unwrap_or_else(std::env::temp_dir)
            .join("teamdesk.log")
    }

    /// Reads the file named, or the default one; a missing default file is an empty config.
    pub fn load(path: Option<&Path>) -> Result<Self, DomainError> {
        let (path, must_exist) = match path {
            Some(path) => (path.to_path_buf(), true),
            None => match Self::default_path() {
                Some(path) => (path, false),
                None => return Ok(Self::default()),
            },
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !must_exist => {
                return Ok(Self::default());
            }
            Err(e) => {
                return Err(DomainError::Invalid(format!(
                    "cannot read the config file {}: {e}",
                    path.display()
                )));
            }
        };
        toml::from_str(&text).map_err(|e| {
            DomainError::Invalid(format!(
                "the config file {} is not valid: {}",
                path.display(),
                e.message()
            ))
        })
    }

    /// The workspace settings this configuration asks for, links derived
    /// under `link_key` (when the work at hand makes or sends links).
    pub fn settings(&self, link_key: Option<LinkKey>) -> Result<Settings, DomainError> {
        let mut settings = Settings {
            link_key,
            ..Settings::default()
        };
        if let Some(from) = &self.mail_from {
            settings.mail_from = from.trim().parse().map_err(|e| {
                DomainError::Invalid(format!(
                    "mail_from must be an address such as \"Bondi Clinic <team@bondi.example>\", not \"{}\" ({e})",
                    from.escape_debug()
                ))
            })?;
        }
        if let Some(base_url) = &self.base_url {
            let base_url = base_url.trim().trim_end_matches('/');
            if !(base_url.starts_with("https://") || base_url.starts_with("http://")) {
                return Err(DomainError::Invalid(format!(
                    "base_url must start with https:// or http://, not \"{}\"",
                    base_url.escape_debug()
                )));
            }
            settings.base_url = base_url.to_owned();
        }
        if let Some(plans) = &self.plans {
            let text = std::fs::read_to_string(plans).map_err(|e| {
                DomainError::Invalid(format!(
                    "cannot read the price list {}: {e}",
                    plans.display()
                ))
            })?;
            settings.prices = PriceList::parse(&text)?;
        }
        Ok(settings)
    }
}

/// Writes `last_account = "<email>"` into the config file, keeping everything
/// else in it as it was (comments included).
pub fn remember_account(path: &Path, email: &str) -> std::io::Result<()> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    let setting = format!("last_account = {}", toml::Value::String(email.to_owned()));
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    // Top-level keys must come before the first table header.
    let first_table = lines
        .iter()
        .position(|l| l.trim_start().starts_with('['))
        .unwrap_or(lines.len());
    match lines[..first_table]
        .iter()
        .position(|l| l.trim_start().starts_with("last_account"))
    {
        Some(at) => lines[at] = setting,
        None => lines.insert(first_table, setting),
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, lines.join("\n") + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_config_sets_the_link_base_and_refuses_unknown_keys() {
        let key = || Some(crate::sources::random_link_key());
        let config: Config = toml::from_str("base_url = \"https://clinic.example/\"").unwrap();
        assert_eq!(
            config.settings(key()).unwrap().base_url,
            "https://clinic.example"
        );
        assert!(toml::from_str::<Config>("base_ur = \"x\"").is_err());
        let bad: Config = toml::from_str("base_url = \"javascript:alert(1)\"").unwrap();
        assert!(bad.settings(key()).is_err());
    }

    #[test]
    fn a_config_names_the_sender_and_refuses_one_that_is_no_address() {
        let config: Config =
            toml::from_str("mail_from = \"Bondi Clinic <team@bondi.example>\"").unwrap();
        let from = config.settings(None).unwrap().mail_from;
        assert_eq!(from.email.to_string(), "team@bondi.example");
        let bad: Config = toml::from_str("mail_from = \"team at bondi\"").unwrap();
        assert!(bad.settings(None).is_err());
    }

    #[test]
    fn the_chosen_account_is_remembered_without_disturbing_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "# mine\nlang = \"pl\"\n\n[[keymap]]\ncontext = \"members\"\nkeys = [\"a\"]\naction = \"invite\"\n").unwrap();
        remember_account(&path, "olivia@bondi.example").unwrap();
        remember_account(&path, "sam@support.example").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# mine\n"));
        let config: Config = toml::from_str(&text).unwrap();
        assert_eq!(config.last_account.as_deref(), Some("sam@support.example"));
        assert_eq!(config.lang, Some(Lang::Pl));
        assert_eq!(config.keymap.len(), 1);
    }
}
