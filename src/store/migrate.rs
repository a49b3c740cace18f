//! The store's layout version and the migrations that bring an older store
//! up to it when it is opened.

use super::{Store, StoreError, TreeName};

/// The layout version of the whole store, kept in the `meta` tree.
///
/// - 1: records, the lookup indexes.
/// - 2: the outbox by when messages are due, pending invitations by when
///   their reminder falls due.
/// - 3: display-order rows of members and invitations, open invitations by
///   expiry, counters per team, an archive for history; the plain
///   `invitation_by_team` index is gone (the rows replace it).
/// - 4: accounts by their SSH keys' fingerprints.
pub const SCHEMA_VERSION: u32 = 4;
const SCHEMA_KEY: &[u8] = b"schema";
/// The index schema 3 replaced, dropped by the migration.
const DROPPED_IN_3: &str = "invitation_by_team";

impl Store {
    pub(super) fn check_schema(&self) -> Result<(), StoreError> {
        let meta = self.tree(TreeName::Meta);
        let found = match meta.get(SCHEMA_KEY).map_err(|e| self.fault(e))? {
            None => return self.set_schema(),
            Some(bytes) => <[u8; 4]>::try_from(bytes.as_ref())
                .map(u32::from_be_bytes)
                .map_err(|_| StoreError::Corrupt("the schema version is unreadable".into()))?,
        };
        match found {
            SCHEMA_VERSION => Ok(()),
            newer if newer > SCHEMA_VERSION => Err(StoreError::NewerStore {
                path: self.dir.clone(),
                detail: format!("format {found}; this one reads up to {SCHEMA_VERSION}"),
            }),
            3 => {
                // Only the new index, from the accounts alone: the others
                // are sound, and a large store has millions of records.
                // Rerun after a crash, it builds the same.
                tracing::info!(
                    "adding the SSH key index to the store at {}",
                    self.dir.display()
                );
                self.rebuild_key_index()?;
                self.set_schema()
            }
            1 | 2 => {
                // Every index and counter is built again from the records
                // (schema 2's delivery indexes and schema 4's key index
                // included), then the old index goes. Rerun after a crash,
                // it builds the same.
                tracing::info!(
                    "migrating the store at {} to schema {SCHEMA_VERSION}",
                    self.dir.display()
                );
                self.rebuild_derived()?;
                self.db.drop_tree(DROPPED_IN_3).map_err(|e| self.fault(e))?;
                self.set_schema()
            }
            unknown => Err(StoreError::Corrupt(format!(
                "unknown schema version {unknown}"
            ))),
        }
    }

    fn set_schema(&self) -> Result<(), StoreError> {
        self.tree(TreeName::Meta)
            .insert(SCHEMA_KEY, &SCHEMA_VERSION.to_be_bytes())
            .map_err(|e| self.fault(e))?;
        self.flush()
    }
}
