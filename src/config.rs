//! The install's configuration file (`config.toml` in the platform config
//! directory, or `--config PATH` / `TEAMDESK_CONFIG`).

use std::path::{Path, PathBuf};

use directories::ProjectDirs;
use serde::Deserialize;

use crate::billing::PriceList;
use crate::domain::DomainError;
use crate::workspace::Settings;

/// What `config.toml` may say. Every key is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Invitation links are `<base_url>/join/<token>`.
    pub base_url: Option<String>,
    /// A price list replacing `assets/plans.toml`.
    pub plans: Option<PathBuf>,
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

    /// The workspace settings this configuration asks for.
    pub fn settings(&self) -> Result<Settings, DomainError> {
        let mut settings = Settings::default();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_config_sets_the_link_base_and_refuses_unknown_keys() {
        let config: Config = toml::from_str("base_url = \"https://clinic.example/\"").unwrap();
        assert_eq!(
            config.settings().unwrap().base_url,
            "https://clinic.example"
        );
        assert!(toml::from_str::<Config>("base_ur = \"x\"").is_err());
        let bad: Config = toml::from_str("base_url = \"javascript:alert(1)\"").unwrap();
        assert!(bad.settings().is_err());
    }
}
