//! Why a store cannot be used, in one sentence that names the store and what
//! to do: every file-system and sled failure is sorted into one of these
//! before it reaches a person.

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use thiserror::Error;

use super::Holder;

/// Why the store cannot be used (exit 7), or damage found in its records.
#[derive(Debug, Error)]
pub enum StoreError {
    /// Another process kept the store for longer than this one would wait.
    #[error("{}", locked_message(path, holder.as_ref(), *waited))]
    Locked {
        path: PathBuf,
        holder: Option<Holder>,
        waited: Duration,
    },
    /// A command that may not create a store found none (a mistyped `--db`).
    #[error(
        "there is no store at {}: check --db (or TEAMDESK_DB), or create one with `teamdesk account create` or `teamdesk import`",
        path.display()
    )]
    Missing { path: PathBuf },
    #[error("{} is a file, not a store directory: name a directory with --db", path.display())]
    NotADirectory { path: PathBuf },
    #[error(
        "{} is not a teamdesk store (it holds other files): choose an empty or new directory",
        path.display()
    )]
    NotAStore { path: PathBuf },
    /// The file system refuses writes; teamdesk writes even to read (its lock).
    #[error(
        "the store at {} is on a read-only file system: teamdesk writes to its store even to read it, so mount it read-write or copy it somewhere writable",
        path.display()
    )]
    ReadOnly { path: PathBuf },
    /// This user may not write to the store (its modes, or another owner).
    #[error(
        "teamdesk may not write to the store at {} (permission denied): run it as the user who owns the store, or give that user write access",
        path.display()
    )]
    PermissionDenied { path: PathBuf },
    #[error(
        "no space left on the device holding {}: free some space there, then run the command again",
        path.display()
    )]
    NoSpace { path: PathBuf },
    /// sled cannot read its own files (a torn write, a bad disk, a stray tool).
    #[error(
        "the store at {} is damaged (its data files cannot be read back): restore it from an export with `teamdesk import` into a new store, or from a backup",
        path.display()
    )]
    Damaged { path: PathBuf },
    /// A record or index is not what teamdesk wrote.
    #[error("the store is damaged: {0}")]
    Corrupt(String),
    /// A record carries an envelope format newer than this teamdesk reads.
    #[error(
        "the store was written by a newer teamdesk (format {found}; this one reads up to {supported}): use a newer teamdesk"
    )]
    NewerFormat { found: u32, supported: u32 },
    /// The store as a whole (its layout, or its storage files) is newer than this teamdesk.
    #[error("the store at {} was written by a newer teamdesk ({detail}): use a newer teamdesk", path.display())]
    NewerStore { path: PathBuf, detail: String },
    /// Any other failure of the file system or of sled, with its cause.
    #[error("cannot use the store at {}: {detail}", path.display())]
    Unavailable { path: PathBuf, detail: String },
}

fn locked_message(path: &Path, holder: Option<&Holder>, waited: Duration) -> String {
    let by = holder.map_or_else(|| "another process".to_owned(), Holder::describe);
    format!(
        "the store at {} is in use by {by} (waited {}): close that teamdesk first, work through it, or wait longer with --wait SECONDS",
        path.display(),
        describe_wait(waited)
    )
}

fn describe_wait(waited: Duration) -> String {
    let seconds = waited.as_secs_f64();
    if seconds.fract() == 0.0 {
        format!("{seconds:.0} s")
    } else {
        format!("{seconds:.1} s")
    }
}

impl StoreError {
    /// Sorts a file-system failure on the store at `path` by what a person can do about it.
    pub fn from_io(path: &Path, error: &io::Error) -> Self {
        let path = path.to_path_buf();
        match error.kind() {
            io::ErrorKind::StorageFull => StoreError::NoSpace { path },
            io::ErrorKind::ReadOnlyFilesystem => StoreError::ReadOnly { path },
            io::ErrorKind::PermissionDenied => StoreError::PermissionDenied { path },
            io::ErrorKind::NotADirectory => StoreError::NotADirectory { path },
            _ => StoreError::Unavailable {
                path,
                detail: error.to_string(),
            },
        }
    }

    /// Sorts a failure sled reported for the store at `path`.
    pub fn from_sled(path: &Path, error: sled::Error) -> Self {
        match error {
            sled::Error::Io(error) => StoreError::from_io(path, &error),
            sled::Error::Corruption { .. } => StoreError::Damaged {
                path: path.to_path_buf(),
            },
            // sled refuses files written with another storage version or settings.
            sled::Error::Unsupported(_) => StoreError::NewerStore {
                path: path.to_path_buf(),
                detail: "its data files use a storage format this one cannot read".into(),
            },
            other => StoreError::Unavailable {
                path: path.to_path_buf(),
                detail: other.to_string(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_system_failures_become_sentences_that_name_the_store() {
        let path = Path::new("/srv/teamdesk");
        for (raw, says) in [
            (28, "no space left on the device holding /srv/teamdesk"),
            (30, "read-only file system"),
            (13, "may not write to the store at /srv/teamdesk"),
        ] {
            let message = StoreError::from_io(path, &io::Error::from_raw_os_error(raw)).to_string();
            assert!(message.contains(says), "{message}");
            assert!(!message.contains("os error"), "{message}");
        }
    }

    #[test]
    fn sled_damage_is_named_without_its_debug_text() {
        let error = sled::Error::Corruption {
            at: None,
            bt: Default::default(),
        };
        let message = StoreError::from_sled(Path::new("/srv/teamdesk"), error).to_string();
        assert!(
            message.starts_with("the store at /srv/teamdesk is damaged"),
            "{message}"
        );
        assert!(!message.contains("None"), "{message}");
    }

    #[test]
    fn a_wait_is_told_in_seconds() {
        assert_eq!(describe_wait(Duration::from_secs(5)), "5 s");
        assert_eq!(describe_wait(Duration::from_millis(1500)), "1.5 s");
    }
}
