//! The store of the scale goals: one Clinic team of N members and M
//! pending invitations, nothing past the retention window. Written as an
//! export file, so that `teamdesk import` (one of the measured commands)
//! builds the store from it.

use std::io::Write as _;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use teamdesk::domain::{Email, Invitation, Role};
use teamdesk::store::dump::{DUMP_FORMAT, Dump};

use super::{
    DOMAINS, FIXTURE_LINK_KEY, RecordIndex, Rng, Shape, fixture_root, generate_accounts, minutes,
    seat_teams,
};

/// Where the export of a wide team of `members` and `invitations` is kept.
pub fn export_path(members: usize, invitations: usize) -> PathBuf {
    fixture_root()
        .join(format!("wide-v2-m{members}-i{invitations}"))
        .join("export.json")
}

/// The export of a team of `members` (its owner among them; support
/// staff beside it) with `invitations` pending ones sent in the 29 days
/// before `now`, each with its delivered email and its audit entry; made
/// once and cached. Returns its path and the address of the team's owner.
pub fn wide_export(members: usize, invitations: usize, now: DateTime<Utc>) -> (PathBuf, String) {
    let path = export_path(members, invitations);
    let owner_file = path.with_file_name("owner");
    if let (true, Ok(owner)) = (path.is_file(), std::fs::read_to_string(&owner_file)) {
        return (path, owner);
    }
    let dump = wide_team(members, invitations, now);
    let owner = dump.accounts[1].email.to_string();
    std::fs::create_dir_all(path.parent().expect("a folder")).expect("the fixture folder");
    let partial = path.with_extension("partial");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&partial).expect("a file"));
    serde_json::to_writer(&mut out, &dump).expect("the export is written");
    out.flush().expect("the export is written");
    std::fs::rename(&partial, &path).expect("the export moves into place");
    std::fs::write(&owner_file, &owner).expect("the owner's address is kept");
    (path, owner)
}

/// The records of [`wide_export`].
fn wide_team(members: usize, invitations: usize, now: DateTime<Utc>) -> Dump {
    let mut rng = Rng(0x5CA1_E000_2026_1130);
    let entropy = teamdesk::sources::Entropy::default();
    let shape = Shape {
        accounts: members + 1,
        invitations,
        big_team: members,
    };
    let mut accounts = generate_accounts(&mut rng, &entropy, shape, now);
    let seating = seat_teams(&mut rng, &entropy, shape, now, &mut accounts);
    let team = &seating.teams[0];
    let mut pending = Vec::with_capacity(invitations);
    for i in 0..invitations {
        let sent_at = now - minutes(1 + rng.below(29 * 24 * 60));
        let email = format!("invitee{i}@{}", DOMAINS[i % DOMAINS.len()]);
        let (invitation, _link) = Invitation::issue(
            &mut entropy.at(sent_at, Some(&FIXTURE_LINK_KEY)),
            team.id,
            Email::parse(&email).expect("a generated address is valid"),
            Role::Member,
            team.owner,
            sent_at,
        );
        pending.push(invitation);
    }
    let mut dump = Dump {
        format: DUMP_FORMAT,
        accounts,
        teams: seating.teams,
        memberships: seating.memberships,
        invitations: pending,
        templates: Vec::new(),
        audit: Vec::new(),
        outbox: Vec::new(),
        billing_accounts: Vec::new(),
        adjustments: Vec::new(),
        invoices: Vec::new(),
    };
    let (outbox, audit): (Vec<_>, Vec<_>) = {
        let index = RecordIndex::new(&dump);
        dump.invitations
            .iter()
            .map(|invitation| index.invitation_records(invitation))
            .unzip()
    };
    dump.outbox = outbox;
    dump.audit = audit;
    dump
}
