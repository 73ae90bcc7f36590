//! Instants in the app's logs: `mcp.log` and `mcp-server-NAME.log` stamp
//! lines in UTC with milliseconds (`2026-08-13T09:49:30.567Z`), `main.log`
//! in local time at second precision (`2026-08-13 11:49:30`). Both become a
//! [`Time`] (milliseconds since the Unix epoch, UTC); local stamps are
//! converted with an injected [`LocalOffset`], so tests pin the zone.
//!
//! No date crate: the civil-date arithmetic is the classic days-from-civil
//! algorithm (proleptic Gregorian), enough for parsing and printing.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// An instant, in milliseconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time(i64);

impl Time {
    pub fn from_unix_ms(ms: i64) -> Time {
        Time(ms)
    }

    pub fn unix_ms(self) -> i64 {
        self.0
    }

    pub fn from_system(t: SystemTime) -> Time {
        match t.duration_since(UNIX_EPOCH) {
            Ok(d) => Time(d.as_millis().min(i64::MAX as u128) as i64),
            Err(e) => Time(-(e.duration().as_millis().min(i64::MAX as u128) as i64)),
        }
    }

    /// `--since DURATION`: the instant `ago` before `now`.
    pub fn before(now: SystemTime, ago: Duration) -> Time {
        let now = Time::from_system(now);
        Time(
            now.0
                .saturating_sub(ago.as_millis().min(i64::MAX as u128) as i64),
        )
    }

    /// This instant shifted by `ms` (negative: earlier).
    pub fn plus_ms(self, ms: i64) -> Time {
        Time(self.0.saturating_add(ms))
    }

    /// RFC 3339 in UTC with milliseconds, as the app writes it:
    /// `2026-08-13T09:49:30.567Z`.
    pub fn rfc3339(self) -> String {
        let secs = self.0.div_euclid(1000);
        let ms = self.0.rem_euclid(1000);
        let days = secs.div_euclid(86_400);
        let sod = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{ms:03}Z",
            sod / 3600,
            sod / 60 % 60,
            sod % 60
        )
    }
}

impl Time {
    /// For people: `2026-08-13 09:49:30 UTC` (whole seconds).
    pub fn utc_text(self) -> String {
        let s = self.rfc3339();
        format!("{} {} UTC", &s[..10], &s[11..19])
    }
}

impl std::fmt::Display for Time {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.rfc3339())
    }
}

impl serde::Serialize for Time {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.rfc3339())
    }
}

/// The local zone's offset from UTC, in seconds east, at a given UTC
/// second. [`utc`] in tests; [`system_local_offset`] on a real machine.
pub type LocalOffset = fn(i64) -> i32;

/// The zero offset: local stamps read as UTC.
pub fn utc(_utc_secs: i64) -> i32 {
    0
}

/// The machine's offset at that instant (daylight saving included), from
/// the C library's `localtime_r` / `localtime_s`; 0 when it cannot say.
pub fn system_local_offset(utc_secs: i64) -> i32 {
    let t = utc_secs as libc::time_t;
    // SAFETY: `tm` is plain data; both calls only write into it.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    #[cfg(unix)]
    let ok = unsafe { !libc::localtime_r(&t, &mut tm).is_null() };
    #[cfg(windows)]
    let ok = unsafe { libc::localtime_s(&mut tm, &t) == 0 };
    #[cfg(not(any(unix, windows)))]
    let ok = false;
    if !ok {
        return 0;
    }
    let days = days_from_civil(
        i64::from(tm.tm_year) + 1900,
        i64::from(tm.tm_mon) + 1,
        i64::from(tm.tm_mday),
    );
    let local = days * 86_400
        + i64::from(tm.tm_hour) * 3600
        + i64::from(tm.tm_min) * 60
        + i64::from(tm.tm_sec);
    (local - utc_secs).clamp(-86_400, 86_400) as i32
}

/// A stamp at the start of a log line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub at: Time,
    /// True when the line carried no zone (main.log): read as local time.
    pub local: bool,
    /// Bytes of the line the stamp used.
    pub len: usize,
}

/// Parse `YYYY-MM-DD(T| )HH:MM:SS[.fff][Z|±HH:MM]` at the start of `s`.
/// Without a zone the stamp is local time, converted with `offset`.
pub fn parse_stamp(s: &[u8], offset: LocalOffset) -> Option<Stamp> {
    if s.len() < 19 {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let mut v = 0i64;
        for &b in &s[r] {
            if !b.is_ascii_digit() {
                return None;
            }
            v = v * 10 + i64::from(b - b'0');
        }
        Some(v)
    };
    if s[4] != b'-' || s[7] != b'-' || !(s[10] == b'T' || s[10] == b' ') {
        return None;
    }
    if s[13] != b':' || s[16] != b':' {
        return None;
    }
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, se) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let mut i = 19;
    let mut ms = 0i64;
    if s.get(i) == Some(&b'.') {
        let start = i + 1;
        let mut j = start;
        while j < s.len() && s[j].is_ascii_digit() {
            j += 1;
        }
        if j == start {
            return None;
        }
        // first three digits are milliseconds, the rest is finer
        let digits = &s[start..j.min(start + 3)];
        for k in 0..3 {
            ms = ms * 10 + digits.get(k).map_or(0, |b| i64::from(b - b'0'));
        }
        i = j;
    }
    let naive = (days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + se) * 1000 + ms;
    match s.get(i) {
        Some(b'Z') => Some(Stamp {
            at: Time(naive),
            local: false,
            len: i + 1,
        }),
        Some(&sign @ (b'+' | b'-')) if s.len() >= i + 6 && s[i + 3] == b':' => {
            let off = (num(i + 1..i + 3)? * 60 + num(i + 4..i + 6)?) * 60_000;
            let off = if sign == b'+' { off } else { -off };
            Some(Stamp {
                at: Time(naive - off),
                local: false,
                len: i + 6,
            })
        }
        _ => Some(Stamp {
            at: local_to_utc(naive, offset),
            local: true,
            len: i,
        }),
    }
}

/// A local wall-clock time (ms) to UTC: the offset is looked up at the
/// guessed instant, then once more at the corrected one (DST edges).
pub fn local_to_utc(naive_ms: i64, offset: LocalOffset) -> Time {
    let guess = naive_ms - i64::from(offset(naive_ms.div_euclid(1000))) * 1000;
    let second = naive_ms - i64::from(offset(guess.div_euclid(1000))) * 1000;
    Time(second)
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plus_two(_: i64) -> i32 {
        7200
    }

    #[test]
    fn utc_stamps_round_trip() {
        let s = parse_stamp(b"2026-08-13T09:49:30.567Z [x] [info] hi", utc).unwrap();
        assert_eq!(s.len, 24);
        assert!(!s.local);
        assert_eq!(s.at.rfc3339(), "2026-08-13T09:49:30.567Z");
        assert_eq!(s.at.unix_ms(), 1_786_614_570_567);
    }

    #[test]
    fn local_stamps_use_the_injected_zone() {
        let s = parse_stamp(b"2026-08-13 11:49:30 [error] boom", plus_two).unwrap();
        assert!(s.local);
        assert_eq!(s.len, 19);
        assert_eq!(s.at.rfc3339(), "2026-08-13T09:49:30.000Z");
    }

    #[test]
    fn explicit_offsets_and_fractions() {
        let s = parse_stamp(b"2024-02-29T23:59:59.1+01:00", utc).unwrap();
        assert_eq!(s.at.rfc3339(), "2024-02-29T22:59:59.100Z");
        let s = parse_stamp(b"1999-12-31T23:59:59.123456Z", utc).unwrap();
        assert_eq!(s.at.rfc3339(), "1999-12-31T23:59:59.123Z");
    }

    #[test]
    fn non_stamps_are_refused() {
        for bad in [
            &b"npx: installed 57 in 12.39s"[..],
            b"2026-08-13T09:49",
            b"2026-13-13T09:49:30.567Z",
            b"2026-08-13X09:49:30.567Z",
            b"2026-08-13T09:49:30.Z",
            b"",
        ] {
            assert!(
                parse_stamp(bad, utc).is_none(),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn since_is_before_now() {
        let now = UNIX_EPOCH + Duration::from_secs(100);
        assert_eq!(Time::before(now, Duration::from_secs(40)).unix_ms(), 60_000);
    }

    #[test]
    fn the_machine_offset_is_sane() {
        let off = system_local_offset(1_786_614_570);
        assert!((-14 * 3600..=14 * 3600).contains(&off), "{off}");
    }
}
