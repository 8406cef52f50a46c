//! Connection caps: in total and per client address.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

/// Which cap was hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitHit {
    /// The bridge-wide cap.
    Total,
    /// The per-client-address cap.
    PerIp,
}

impl LimitHit {
    /// The reason label for metrics and the `rule` field.
    pub fn rule(self) -> &'static str {
        match self {
            LimitHit::Total => "limit_total",
            LimitHit::PerIp => "limit_per_ip",
        }
    }
}

#[derive(Debug, Default)]
struct Counts {
    total: usize,
    per_ip: HashMap<IpAddr, usize>,
}

/// Hands out [`Slot`]s while under both caps.
#[derive(Debug, Clone)]
pub struct Limits {
    total: usize,
    per_ip: usize,
    counts: Arc<Mutex<Counts>>,
}

/// A held connection slot; dropping it gives the slot back.
#[derive(Debug)]
pub struct Slot {
    key: IpAddr,
    counts: Arc<Mutex<Counts>>,
}

impl Limits {
    /// Caps of `total` connections and `per_ip` per client address.
    pub fn new(total: usize, per_ip: usize) -> Self {
        Limits { total, per_ip, counts: Arc::default() }
    }

    /// Takes a slot for a client at `ip`, if both caps allow.
    pub fn try_acquire(&self, ip: IpAddr) -> Result<Slot, LimitHit> {
        let key = client_key(ip);
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        if counts.total >= self.total {
            return Err(LimitHit::Total);
        }
        let mine = counts.per_ip.get(&key).copied().unwrap_or(0);
        if mine >= self.per_ip {
            return Err(LimitHit::PerIp);
        }
        counts.total += 1;
        counts.per_ip.insert(key, mine + 1);
        Ok(Slot { key, counts: self.counts.clone() })
    }

    /// Slots held right now.
    pub fn in_use(&self) -> usize {
        self.counts.lock().unwrap_or_else(|e| e.into_inner()).total
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        counts.total -= 1;
        if let Some(n) = counts.per_ip.get_mut(&self.key) {
            *n -= 1;
            if *n == 0 {
                // Keeps the map as small as the set of clients connected now.
                counts.per_ip.remove(&self.key);
            }
        }
    }
}

/// The key a client is counted under: its IPv4 address, or its IPv6 /64, because one IPv6
/// client usually has a whole /64 to pick addresses from.
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => IpAddr::V6((u128::from(v6) & !((1u128 << 64) - 1)).into()),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_and_release() {
        let limits = Limits::new(3, 2);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "2001:db8::1".parse().unwrap();
        let b2: IpAddr = "2001:db8::ffff".parse().unwrap();
        let s1 = limits.try_acquire(a).unwrap();
        let _s2 = limits.try_acquire(a).unwrap();
        assert_eq!(limits.try_acquire(a).unwrap_err(), LimitHit::PerIp);
        let _s3 = limits.try_acquire(b).unwrap();
        assert_eq!(limits.try_acquire(b2).unwrap_err(), LimitHit::Total);
        drop(s1);
        let _s4 = limits.try_acquire(b2).unwrap();
        assert_eq!(limits.try_acquire(b).unwrap_err(), LimitHit::Total);
        assert_eq!(limits.in_use(), 3);
    }
}
