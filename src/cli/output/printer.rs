//! Where the command line's answer goes, and its tables and fields.

use std::io::{self, Write};

use crate::sanitize::{fit, line};
use crate::text_width::columns;

/// Where an answer is printed. On a terminal long table cells are cut to
/// fit; into a pipe or a file they are printed whole. The person's own
/// output decides, also when a server prints for them.
pub struct Printer<'w> {
    out: &'w mut dyn Write,
    terminal: bool,
}

impl<'w> Printer<'w> {
    pub fn new(out: &'w mut dyn Write, terminal: bool) -> Printer<'w> {
        Printer { out, terminal }
    }
}

impl Write for Printer<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

pub(in crate::cli) type Out<'a, 'w> = &'a mut Printer<'w>;

/// Longest a table cell may be before it is cut with an ellipsis.
const CELL_MAX: usize = 40;

/// A plain text table: sanitised cells, columns as wide as their widest cell
/// (on a terminal, cut at [`CELL_MAX`], except the last column, which may run
/// on; piped into another program, nothing is cut).
pub(in crate::cli) fn table(out: Out, header: &[&str], rows: Vec<Vec<String>>) -> io::Result<()> {
    let first_uncut = if out.terminal { header.len() - 1 } else { 0 };
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|row| {
            row.iter()
                .enumerate()
                .map(|(col, cell)| {
                    if col >= first_uncut {
                        line(cell).into_owned()
                    } else {
                        fit(&line(cell), CELL_MAX).into_owned()
                    }
                })
                .collect()
        })
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|col| {
            rows.iter()
                .map(|row| columns(&row[col]))
                .chain([columns(header[col])])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let print_row = |out: Out, cells: &[&str]| -> io::Result<()> {
        let mut text = String::new();
        for (col, cell) in cells.iter().enumerate() {
            text.push_str(cell);
            if col + 1 < cells.len() {
                text.push_str(&" ".repeat(widths[col] - columns(cell) + 2));
            }
        }
        writeln!(out, "{}", text.trim_end())
    };
    print_row(out, header)?;
    for row in &rows {
        print_row(out, &row.iter().map(String::as_str).collect::<Vec<_>>())?;
    }
    Ok(())
}

pub(in crate::cli) fn field(out: Out, label: &str, value: &str) -> io::Result<()> {
    writeln!(out, "{label:<16}{}", line(value))
}
