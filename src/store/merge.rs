//! Merging sorted runs of entries: the classes of a team's invitation rows
//! into one newest-first list, and the working store with its archive into
//! one view. Entries with the same sort key are one record, and the first
//! run that holds it wins (the working store's copy comes first).

use sled::IVec;

use super::StoreError;

/// A run of entries in sort order.
pub type Run<'a> = Box<dyn Iterator<Item = Result<(IVec, IVec), StoreError>> + 'a>;

/// Several sorted runs as one: ascending by the bytes of each key from
/// `skip` on (a shared prefix, or a class byte, left out), or descending.
pub struct Merged<'a> {
    runs: Vec<Run<'a>>,
    heads: Vec<Option<(IVec, IVec)>>,
    started: bool,
    skip: usize,
    descending: bool,
    /// Which run the entry last returned came from.
    source: usize,
    /// Entries left out because an earlier run held the same record.
    repeats: usize,
}

impl<'a> Merged<'a> {
    pub fn new(runs: Vec<Run<'a>>, skip: usize, descending: bool) -> Self {
        let heads = runs.iter().map(|_| None).collect();
        Self {
            runs,
            heads,
            started: false,
            skip,
            descending,
            source: 0,
            repeats: 0,
        }
    }

    /// Which run (by position) the entry last returned came from.
    pub fn source(&self) -> usize {
        self.source
    }

    /// How many entries were left out as repeats of one already returned.
    pub fn repeats(&self) -> usize {
        self.repeats
    }

    fn advance(&mut self, run: usize) -> Result<(), StoreError> {
        self.heads[run] = self.runs[run].next().transpose()?;
        Ok(())
    }

    fn sort_key<'k>(&self, key: &'k [u8]) -> &'k [u8] {
        key.get(self.skip..).unwrap_or_default()
    }

    /// The run whose head comes next (the first such run on a tie).
    fn next_run(&self) -> Option<usize> {
        let mut best: Option<usize> = None;
        for (run, head) in self.heads.iter().enumerate() {
            let Some((key, _)) = head else { continue };
            let better = match best.and_then(|b| self.heads[b].as_ref()) {
                None => true,
                Some((best_key, _)) => {
                    let (mine, theirs) = (self.sort_key(key), self.sort_key(best_key));
                    if self.descending {
                        mine > theirs
                    } else {
                        mine < theirs
                    }
                }
            };
            if better {
                best = Some(run);
            }
        }
        best
    }

    fn step(&mut self) -> Result<Option<(IVec, IVec)>, StoreError> {
        if !self.started {
            self.started = true;
            for run in 0..self.runs.len() {
                self.advance(run)?;
            }
        }
        let Some(run) = self.next_run() else {
            return Ok(None);
        };
        let taken = self.heads[run].take().expect("the chosen run has a head");
        self.source = run;
        self.advance(run)?;
        // The same record later in another run is the same one again.
        for other in 0..self.runs.len() {
            while self.heads[other]
                .as_ref()
                .is_some_and(|(key, _)| self.sort_key(key) == self.sort_key(&taken.0))
            {
                self.repeats += 1;
                self.advance(other)?;
            }
        }
        Ok(Some(taken))
    }
}

impl Iterator for Merged<'_> {
    type Item = Result<(IVec, IVec), StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.step().transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(keys: &[&'static str]) -> Run<'static> {
        let entries: Vec<_> = keys
            .iter()
            .map(|key| Ok((IVec::from(key.as_bytes()), IVec::from(&b"v"[..]))))
            .collect();
        Box::new(entries.into_iter())
    }

    fn keys(merged: Merged<'_>) -> Vec<String> {
        merged
            .map(|entry| String::from_utf8(entry.unwrap().0.to_vec()).unwrap())
            .collect()
    }

    #[test]
    fn runs_merge_in_order_and_a_record_in_two_runs_is_listed_once() {
        let merged = Merged::new(vec![run(&["a", "c", "d"]), run(&["b", "c", "e"])], 0, false);
        assert_eq!(keys(merged), ["a", "b", "c", "d", "e"]);
        let merged = Merged::new(vec![run(&["d", "c", "a"]), run(&["e", "c", "b"])], 0, true);
        assert_eq!(keys(merged), ["e", "d", "c", "b", "a"]);
    }

    #[test]
    fn the_skipped_prefix_does_not_order_runs() {
        let merged = Merged::new(vec![run(&["x2", "x4"]), run(&["y1", "y3"])], 1, false);
        assert_eq!(keys(merged), ["y1", "x2", "y3", "x4"]);
    }
}
