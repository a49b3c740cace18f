//! Names in scripts terminals draw wider than ratatui measures them (a
//! Tamil vowel sign, enclosed "㉈"), or keep in two cells (a flag, Thai
//! "คำ", Bengali "হো"): checked against the console's frames and in a real
//! terminal.

pub const NAMES: [&str; 5] = [
    "கார்த்திக் ராஜா",
    "কামাল হোসেন",
    "สมชาย คำดี",
    "Zofia 🇵🇱 Nowak",
    "Box ㉈㉉ Sign",
];

/// The address of the member who bears the `n`th name, counting from 1.
pub fn address(n: usize) -> String {
    format!("script{n}@bondi.example")
}
