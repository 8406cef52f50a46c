//! A ZIP archive of files stored as they are (PKWARE's APPNOTE.TXT 6.3.10: method 0, "stored"),
//! for saving a message's attachments in one download, as webmail's *Download all* does. Mail
//! attachments are mostly compressed formats already, and storing keeps the code small; names are
//! UTF-8 (general purpose flag bit 11). An archive past ZIP's 4 GiB limits cannot be made (the
//! browser could not hold it either).

/// The date and time written for every file (the message's date), as a ZIP entry keeps it: MS-DOS
/// local time, two seconds apart, with no zone (the caller shifts the time to the local one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

impl Stamp {
    /// The UTC time `unix` seconds after 1970, or 1980-01-01 (where MS-DOS time begins) for any
    /// earlier one.
    pub fn from_unix(unix: i64) -> Stamp {
        use chrono::{Datelike, Timelike};
        let start = Stamp { year: 1980, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
        match chrono::DateTime::from_timestamp(unix, 0) {
            Some(t) if t.year() >= 1980 => Stamp {
                year: t.year().min(2107) as u16,
                month: t.month() as u8,
                day: t.day() as u8,
                hour: t.hour() as u8,
                minute: t.minute() as u8,
                second: t.second() as u8,
            },
            _ => start,
        }
    }

    fn dos(self) -> (u16, u16) {
        let time = (u16::from(self.hour) << 11) | (u16::from(self.minute) << 5) | u16::from(self.second / 2);
        let date = ((self.year - 1980) << 9) | (u16::from(self.month) << 5) | u16::from(self.day);
        (time, date)
    }
}

/// The CRC of every byte value, made when compiling (a byte at a time instead of a bit).
const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut n = 0;
    while n < 256 {
        let mut crc = n as u32;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            bit += 1;
        }
        table[n] = crc;
        n += 1;
    }
    table
};

/// CRC-32 as ZIP uses it (IEEE 802.3, reflected, polynomial 0xEDB88320).
pub fn crc32(data: &[u8]) -> u32 {
    !data.iter().fold(!0u32, |crc, &byte| CRC_TABLE[((crc ^ u32::from(byte)) & 0xFF) as usize] ^ (crc >> 8))
}

/// `name` made unique among `taken` as a file manager does: `report (2).pdf`.
fn unique(name: &str, taken: &[String]) -> String {
    if !taken.iter().any(|t| t == name) {
        return name.to_owned();
    }
    let (stem, extension) = match name.rfind('.').filter(|&at| at > 0) {
        Some(at) => (&name[..at], &name[at..]),
        None => (name, ""),
    };
    (2..)
        .map(|n| format!("{stem} ({n}){extension}"))
        .find(|c| !taken.iter().any(|t| t == c))
        .unwrap_or_default()
}

/// An archive of `files` (name, content), in order, each stored with `stamp`; a name that comes
/// twice gets a number. `None` when it would pass ZIP's limits (4 GiB, 65,535 files).
pub fn stored(files: &[(&str, &[u8])], stamp: Stamp) -> Option<Vec<u8>> {
    let (time, date) = stamp.dos();
    let total: usize = files.iter().map(|(n, c)| n.len() * 2 + c.len() + 76).sum::<usize>() + 22;
    if files.len() > usize::from(u16::MAX) || total > u32::MAX as usize {
        return None;
    }
    let mut out = Vec::with_capacity(total);
    let mut central = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for (name, content) in files {
        let name = unique(name, &names);
        let (crc, size, offset) = (crc32(content), content.len() as u32, out.len() as u32);
        let fields = |out: &mut Vec<u8>| {
            for n in [20u16, 0x0800, 0, time, date] {
                out.extend_from_slice(&n.to_le_bytes());
            }
            for n in [crc, size, size] {
                out.extend_from_slice(&n.to_le_bytes());
            }
            out.extend_from_slice(&(name.len() as u16).to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes()); // no extra field
        };
        // The local file header, then the data.
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        fields(&mut out);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(content);
        // Its central directory entry: made by 2.0, then the same fields, then where it is.
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes());
        fields(&mut central);
        for n in [0u16, 0, 0] {
            central.extend_from_slice(&n.to_le_bytes()); // comment, disk, internal attributes
        }
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
        names.push(name);
    }
    let (start, length) = (out.len() as u32, central.len() as u32);
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    let count = files.len() as u16;
    for n in [0u16, 0, count, count] {
        out.extend_from_slice(&n.to_le_bytes());
    }
    out.extend_from_slice(&length.to_le_bytes());
    out.extend_from_slice(&start.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // no comment
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u16_at(b: &[u8], at: usize) -> u16 {
        u16::from_le_bytes([b[at], b[at + 1]])
    }
    fn u32_at(b: &[u8], at: usize) -> u32 {
        u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
    }

    /// The files an archive holds, read back through its central directory as unzip does.
    fn read_back(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
        let end = zip.len() - 22;
        assert_eq!(u32_at(zip, end), 0x0605_4b50, "end of central directory");
        let (count, mut at) = (u16_at(zip, end + 10), u32_at(zip, end + 16) as usize);
        let mut files = Vec::new();
        for _ in 0..count {
            assert_eq!(u32_at(zip, at), 0x0201_4b50, "central directory entry");
            let (crc, size) = (u32_at(zip, at + 16), u32_at(zip, at + 20) as usize);
            let name_len = u16_at(zip, at + 28) as usize;
            let local = u32_at(zip, at + 42) as usize;
            let name = String::from_utf8(zip[at + 46..at + 46 + name_len].to_vec()).unwrap();
            assert_eq!(u32_at(zip, local), 0x0403_4b50, "local header");
            let data_at = local + 30 + u16_at(zip, local + 26) as usize;
            let content = zip[data_at..data_at + size].to_vec();
            assert_eq!(crc32(&content), crc, "{name}'s CRC");
            files.push((name, content));
            at += 46 + name_len;
        }
        files
    }

    #[test]
    fn crc32_is_the_standard_one() {
        // The check value of CRC-32/ISO-HDLC.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn files_read_back_whole_with_unique_names() {
        let stamp = Stamp::from_unix(1_764_936_000);
        let zip = stored(
            &[("Bericht.pdf", b"%PDF-1.4 ..."), ("Übersicht.csv", b"a;b\n1;2\n"), ("Bericht.pdf", b"")],
            stamp,
        )
        .unwrap();
        assert_eq!(
            read_back(&zip),
            vec![
                ("Bericht.pdf".to_owned(), b"%PDF-1.4 ...".to_vec()),
                ("Übersicht.csv".to_owned(), b"a;b\n1;2\n".to_vec()),
                ("Bericht (2).pdf".to_owned(), Vec::new()),
            ]
        );
        // 2025-12-05 12:00:00 in MS-DOS form, in the first local header.
        assert_eq!((u16_at(&zip, 10), u16_at(&zip, 12)), (12 << 11, (45 << 9) | (12 << 5) | 5));
    }

    #[test]
    fn dates_before_1980_become_its_start() {
        assert_eq!(
            Stamp::from_unix(0),
            Stamp { year: 1980, month: 1, day: 1, hour: 0, minute: 0, second: 0 }
        );
        assert_eq!(
            Stamp::from_unix(951_782_400), // 2000-02-29, a leap day
            Stamp { year: 2000, month: 2, day: 29, hour: 0, minute: 0, second: 0 }
        );
    }
}
