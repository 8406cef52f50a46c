//! Marsaglia's xorshift64 for the fuzz tests (`imap_fuzz.rs`, `sieve_fuzz.rs`): deterministic and
//! without a dependency, so a failure is reproducible from its seed.

pub struct XorShift(pub u64);

impl XorShift {
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}
