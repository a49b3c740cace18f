//! The store directory on disk: created owner-only, kept owner-only, and
//! cleared of leftovers sled cannot open past.
//!
//! ```text
//! <store>/            0700
//!   lock              the store's advisory lock (see `lock`)
//!   holder            who holds the store
//!   data/             sled: conf, db, snap.*, blobs/
//!   archive/          sled again: history moved out of data/ (see `archive`)
//!   set-aside/        files moved out of sled's way, kept for inspection
//! ```

use std::fs::{DirBuilder, Permissions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// sled's folder inside the store.
pub const DATA_DIR: &str = "data";
/// Where files that would stop sled from opening are moved, never deleted.
pub const SET_ASIDE_DIR: &str = "set-aside";
/// The mode of every directory the store makes.
pub const OWNER_ONLY_DIR: u32 = 0o700;
/// The mode of every file the store makes.
pub const OWNER_ONLY_FILE: u32 = 0o600;
/// Permission bits for anyone but the owner.
const GROUP_AND_OTHER: u32 = 0o077;

/// Creates `dir` and any missing parents, owner-only.
pub fn create_owner_only_dir(dir: &Path) -> io::Result<()> {
    DirBuilder::new()
        .recursive(true)
        .mode(OWNER_ONLY_DIR)
        .create(dir)
}

/// Writes `bytes` to a new file at `path`, owner-only, and waits until they
/// are on disk. A file already there is replaced.
pub fn write_owner_only(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(OWNER_ONLY_FILE)
        .open(path)?;
    file.set_permissions(Permissions::from_mode(OWNER_ONLY_FILE))?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Takes every permission away from group and others on `dir` and everything
/// under it: stores made by earlier versions, or under a loose umask, were
/// readable by other users. The owner's own bits are left alone, so a store
/// its owner made read-only stays read-only. Symbolic links inside the store
/// are not followed (`dir` itself may be one).
pub fn restrict_to_owner(dir: &Path) -> io::Result<()> {
    let mut pending = vec![dir.to_path_buf()];
    while let Some(path) = pending.pop() {
        let metadata = if path == dir {
            std::fs::metadata(&path)?
        } else {
            std::fs::symlink_metadata(&path)?
        };
        if metadata.file_type().is_symlink() {
            continue;
        }
        let mode = metadata.permissions().mode();
        if mode & GROUP_AND_OTHER != 0 {
            std::fs::set_permissions(&path, Permissions::from_mode(mode & !GROUP_AND_OTHER))?;
        }
        if metadata.is_dir() {
            for entry in std::fs::read_dir(&path)? {
                pending.push(entry?.path());
            }
        }
    }
    Ok(())
}

/// Whether `name` is a snapshot sled began and never finished (`snap.<lsn>.generating`).
fn is_unfinished_snapshot(name: &str) -> bool {
    name.starts_with("snap.") && name.ends_with(".generating")
}

/// Moves every unfinished snapshot out of sled's folder into `set-aside/`,
/// returning where each one went.
///
/// sled 0.34 reads the snapshot with the highest name, unfinished ones
/// included: one left empty by a crash or a full disk makes it refuse the
/// whole store as damaged. Without it sled rebuilds its state from its log.
pub fn set_aside_unfinished_snapshots(
    store_dir: &Path,
    sled_dir: &str,
) -> io::Result<Vec<PathBuf>> {
    let data = store_dir.join(sled_dir);
    let entries = match std::fs::read_dir(&data) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(error),
    };
    let mut moved = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        if !name.to_str().is_some_and(is_unfinished_snapshot) {
            continue;
        }
        let aside = store_dir.join(SET_ASIDE_DIR);
        create_owner_only_dir(&aside)?;
        let target = free_name(&aside, &name.to_string_lossy());
        std::fs::rename(entry.path(), &target)?;
        moved.push(target);
    }
    Ok(moved)
}

/// `dir/name`, or `dir/name.N` with the first N not taken yet.
fn free_name(dir: &Path, name: &str) -> PathBuf {
    let plain = dir.join(name);
    if !plain.exists() {
        return plain;
    }
    (1u32..)
        .map(|n| dir.join(format!("{name}.{n}")))
        .find(|candidate| !candidate.exists())
        .expect("some numbered name is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_snapshots_in_progress_are_unfinished() {
        assert!(is_unfinished_snapshot("snap.0000000000000DBA.generating"));
        assert!(!is_unfinished_snapshot("snap.0000000000000DBA"));
        assert!(!is_unfinished_snapshot("snap.0000000000000DBA.in___motion"));
        assert!(!is_unfinished_snapshot("conf"));
    }

    #[test]
    fn a_set_aside_file_never_replaces_an_earlier_one() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join(DATA_DIR);
        create_owner_only_dir(&data).unwrap();
        for round in 0..2 {
            std::fs::write(data.join("snap.01.generating"), [round]).unwrap();
            std::fs::write(data.join("snap.00"), b"kept").unwrap();
            let moved = set_aside_unfinished_snapshots(dir.path(), DATA_DIR).unwrap();
            assert_eq!(moved.len(), 1);
            assert_eq!(std::fs::read(&moved[0]).unwrap(), [round]);
        }
        let aside = dir.path().join(SET_ASIDE_DIR);
        assert!(aside.join("snap.01.generating").is_file());
        assert!(aside.join("snap.01.generating.1").is_file());
        assert!(data.join("snap.00").is_file());
    }

    #[test]
    fn restricting_keeps_the_owners_bits_and_drops_everyone_elses() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        std::fs::write(&file, b"x").unwrap();
        std::fs::set_permissions(&file, Permissions::from_mode(0o444)).unwrap();
        std::fs::set_permissions(dir.path(), Permissions::from_mode(0o777)).unwrap();
        restrict_to_owner(dir.path()).unwrap();
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(dir.path()), 0o700);
        assert_eq!(mode(&file), 0o400);
    }

    #[test]
    fn a_store_reached_through_a_link_is_restricted_but_links_inside_are_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store");
        let outside = dir.path().join("outside");
        std::fs::create_dir(&store).unwrap();
        std::fs::create_dir(&outside).unwrap();
        std::fs::set_permissions(&store, Permissions::from_mode(0o755)).unwrap();
        std::fs::set_permissions(&outside, Permissions::from_mode(0o755)).unwrap();
        std::os::unix::fs::symlink(&outside, store.join("elsewhere")).unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&store, &link).unwrap();
        restrict_to_owner(&link).unwrap();
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&store), 0o700);
        assert_eq!(mode(&outside), 0o755);
    }
}
