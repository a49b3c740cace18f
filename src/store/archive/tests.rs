//! A move into the archive cut short between its copy and its delete, and
//! what opens the archive.

use chrono::{TimeZone, Utc};

use super::moves::{Item, Pending};
use crate::domain::ids::Counter as Ids;
use crate::domain::{AuditAction, AuditDetail, AuditEntry, AuditId};
use crate::store::{OpenMode, Record, Store, TreeName, codec, doctor};

fn old_entry() -> AuditEntry {
    AuditEntry {
        id: AuditId::fresh(&mut Ids::default()),
        at: Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap(),
        actor: None,
        actor_email: "system".into(),
        team: None,
        action: AuditAction::AccountCreate,
        target: "ana@bondi.example".into(),
        details: AuditDetail::SignedUp,
    }
}

#[test]
fn a_move_cut_short_after_its_copy_counts_each_record_once_and_finishes_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let entry = old_entry();
    {
        let store = Store::open(&path, OpenMode::CreateIfMissing).unwrap();
        store.write(|tx| tx.append_audit(&entry)).unwrap();
        let items = vec![Item::Audit(None, entry.id)];
        store
            .note_pending(&Pending::ToArchive(items.clone()))
            .unwrap();
        store.copy_to_archive(&items).unwrap();
        // The process dies here: the entry is in both stores.
        assert_eq!(store.history().unwrap().unwrap().len(TreeName::Audit), 1);
        assert_eq!(store.tree(TreeName::Audit).len(), 1);
        assert_eq!(store.audit_ever_of(None, 10).unwrap(), vec![entry.clone()]);
    }
    let store = Store::open(&path, OpenMode::MustExist).unwrap();
    assert!(store.tree(TreeName::Audit).is_empty(), "the delete ran");
    let archive = store.history().unwrap().expect("an archive");
    assert_eq!(archive.len(TreeName::Audit), 1);
    assert_eq!(store.team_counts(None).unwrap().archived_audit, 1);
    assert_eq!(store.audit_ever_of(None, 10).unwrap(), vec![entry]);
    let report = doctor::examine(&store).unwrap();
    assert!(report.is_sound(), "{:?}", report.problems);
    assert_eq!(report.archived_audit_entries, 1);
}

#[test]
fn only_a_read_of_history_opens_the_archive() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    // Ids are time-ordered: the older entry's comes first.
    let old = AuditEntry {
        id: AuditId(uuid::Uuid::from_u128(1)),
        ..old_entry()
    };
    let recent = AuditEntry {
        id: AuditId(uuid::Uuid::from_u128(2)),
        at: Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap(),
        ..old_entry()
    };
    {
        let store = Store::open(&path, OpenMode::CreateIfMissing).unwrap();
        store.write(|tx| tx.append_audit(&old)).unwrap();
        store.write(|tx| tx.append_audit(&recent)).unwrap();
        let cutoff = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
        let swept = store
            .archive_history(cutoff, &std::sync::Mutex::new(()))
            .unwrap();
        assert_eq!(swept.audit_entries, 1);
    }
    let store = Store::open(&path, OpenMode::MustExist).unwrap();
    assert_eq!(store.team_counts(None).unwrap().archived_audit, 1);
    assert_eq!(store.audit_ever_of(None, 1).unwrap(), vec![recent.clone()]);
    assert!(!store.history_is_open(), "the working store had enough");
    assert_eq!(store.audit_ever_of(None, 5).unwrap(), vec![recent, old]);
    assert!(store.history_is_open(), "older entries are history");
}

#[test]
fn an_entry_written_in_format_1_moves_to_the_archive_and_reads_as_its_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let entry = old_entry();
    let sentence = "plan free";
    {
        let store = Store::open(&path, OpenMode::CreateIfMissing).unwrap();
        store.write(|tx| tx.append_audit(&entry)).unwrap();
        // As format-1 teamdesk wrote it: the same fields in order, the
        // details a sentence.
        let fields = (
            entry.id,
            entry.at,
            entry.actor,
            &entry.actor_email,
            entry.team,
            entry.action,
            &entry.target,
            sentence,
        );
        let written = codec::encode_as(1, &fields);
        store
            .tree(TreeName::Audit)
            .insert(entry.key(), written)
            .unwrap();
        let cutoff = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
        let swept = store
            .archive_history(cutoff, &std::sync::Mutex::new(()))
            .unwrap();
        assert_eq!(swept.audit_entries, 1);
    }
    let store = Store::open(&path, OpenMode::MustExist).unwrap();
    let recorded = AuditEntry {
        details: AuditDetail::Recorded(sentence.into()),
        ..entry
    };
    assert_eq!(store.audit_ever_of(None, 10).unwrap(), vec![recorded]);
    let report = doctor::examine(&store).unwrap();
    assert!(report.is_sound(), "{:?}", report.problems);
    assert_eq!(report.archived_audit_entries, 1);
}
