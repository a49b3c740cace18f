//! The floors the scale bench compares `teamdesk` against: plain sled on
//! the same store (the same 32 MiB page cache), doing only the unavoidable
//! part of each command — open, scan, decode, serialise — in a process of
//! its own, so that its peak memory is measured the same way.

use std::io::{BufWriter, Write};
use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;
use teamdesk::billing::invoice::Invoice;
use teamdesk::billing::ledger::{Adjustment, BillingAccount};
use teamdesk::domain::outbox::OutboxMessage;
use teamdesk::domain::{Account, AuditEntry, Invitation, Membership, Team, Template};
use teamdesk::store::dump::Dump;
use teamdesk::store::rows::{self, InvitationRow, MemberRow};
use teamdesk::store::{Opening, Record, TreeName, codec};

/// The environment variable that makes the bench binary run one floor.
pub const MODE: &str = "TEAMDESK_BENCH_BARE";

fn open(path: &Path) -> sled::Db {
    sled::Config::new()
        .path(path)
        .cache_capacity(Opening::DEFAULT_CACHE_BYTES)
        .open()
        .expect("sled opens the store")
}

/// The id of the store's one team.
fn team(db: &sled::Db) -> Vec<u8> {
    let teams = db.open_tree(TreeName::Teams.as_str()).unwrap();
    teams.iter().next().expect("a team").unwrap().0.to_vec()
}

/// What is done with each record read.
trait Sink {
    fn take<T: Record>(&mut self, record: T);
}

/// Serialises each record as JSON.
struct Json<'a, W: Write>(&'a mut W);

impl<W: Write> Sink for Json<'_, W> {
    fn take<T: Record>(&mut self, record: T) {
        serde_json::to_writer(&mut *self.0, &record).unwrap();
    }
}

/// Drops each record once decoded.
struct Decode;

impl Sink for Decode {
    fn take<T: Record>(&mut self, _record: T) {}
}

/// Runs the floor `mode` names on the store in `dir` (`import`: into `dir`
/// from the export in `file`), writing what it reads to stdout.
pub fn run(mode: &str, dir: &Path, file: &Path) {
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let data = dir.join("data");
    match mode {
        "open" => {
            let db = open(&data);
            for name in TreeName::ALL {
                db.open_tree(name.as_str()).unwrap();
            }
            let by_email = db.open_tree(TreeName::AccountByEmail.as_str()).unwrap();
            writeln!(out, "{:?}", by_email.iter().next().map(|e| e.unwrap().1)).unwrap();
        }
        "members" => rows::<MemberRow>(&open(&data), TreeName::MemberRows, &mut out),
        "invitations" => rows::<InvitationRow>(&open(&data), TreeName::InvitationRows, &mut out),
        "export" => every_record(&open(&data), &mut Json(&mut out)),
        "doctor" => {
            let db = open(&data);
            every_record(&db, &mut Decode);
            for name in TreeName::ALL {
                db.open_tree(name.as_str()).unwrap().iter().for_each(drop);
            }
        }
        "import" => import(&data, file),
        other => panic!("no floor named {other}"),
    }
    out.flush().unwrap();
}

/// A team's rows of one display index, decoded and serialised.
fn rows<T: DeserializeOwned + Serialize>(db: &sled::Db, tree: TreeName, out: &mut impl Write) {
    let index = db.open_tree(tree.as_str()).unwrap();
    for entry in index.scan_prefix(team(db)) {
        let row: T = rows::decode(tree.as_str(), &entry.unwrap().1).unwrap();
        serde_json::to_writer(&mut *out, &row).unwrap();
    }
}

fn kind<T: Record>(db: &sled::Db, sink: &mut impl Sink) {
    for entry in db.open_tree(T::TREE.as_str()).unwrap().iter() {
        sink.take(codec::decode::<T>(&entry.unwrap().1).unwrap());
    }
}

fn every_record(db: &sled::Db, sink: &mut impl Sink) {
    kind::<Account>(db, sink);
    kind::<Team>(db, sink);
    kind::<Membership>(db, sink);
    kind::<Invitation>(db, sink);
    kind::<Template>(db, sink);
    kind::<AuditEntry>(db, sink);
    kind::<OutboxMessage>(db, sink);
    kind::<BillingAccount>(db, sink);
    kind::<Adjustment>(db, sink);
    kind::<Invoice>(db, sink);
}

/// The floor of `import`: parse the export, write each record under its
/// key into a new sled database in batches, flush. No indexes, no checks.
fn import(data: &Path, file: &Path) {
    let reader = std::io::BufReader::new(std::fs::File::open(file).unwrap());
    let dump: Dump = serde_json::from_reader(reader).unwrap();
    let db = open(data);
    fn put<T: Record>(db: &sled::Db, records: &[T]) {
        let tree = db.open_tree(T::TREE.as_str()).unwrap();
        for chunk in records.chunks(10_000) {
            let mut batch = sled::Batch::default();
            for record in chunk {
                batch.insert(record.key(), codec::encode(record));
            }
            tree.apply_batch(batch).unwrap();
        }
    }
    put(&db, &dump.accounts);
    put(&db, &dump.teams);
    put(&db, &dump.memberships);
    put(&db, &dump.invitations);
    put(&db, &dump.templates);
    put(&db, &dump.audit);
    put(&db, &dump.outbox);
    put(&db, &dump.billing_accounts);
    put(&db, &dump.adjustments);
    put(&db, &dump.invoices);
    db.flush().unwrap();
}
