//! The memory map: which device answers which physical addresses.
//!
//! Looking an address up is a binary search over the few device windows,
//! sorted by base; the bus then calls the device through its slot
//! ([`DeviceId`]), so an access never walks a list of devices.

use super::device::Region;

/// Names a device of the bus (a slot of [`super::Bus`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum DeviceId {
    Rom,
    Finisher,
    Clint,
    Plic,
    Uart,
}

impl DeviceId {
    pub(super) const ALL: [DeviceId; 5] =
        [DeviceId::Rom, DeviceId::Finisher, DeviceId::Clint, DeviceId::Plic, DeviceId::Uart];
}

/// Which device answers which addresses: the windows sorted by base, so a
/// lookup is a binary search over a handful of entries.
#[derive(Default)]
pub(super) struct MemoryMap {
    windows: Vec<(Region, DeviceId)>,
}

impl MemoryMap {
    /// The map of these windows. Panics if two overlap: a wiring bug in
    /// the bus (`Bus::with_ram`), never a guest's doing.
    pub(super) fn new(mut windows: Vec<(Region, DeviceId)>) -> MemoryMap {
        windows.sort_by_key(|(r, _)| r.base);
        for pair in windows.windows(2) {
            let (a, b) = (pair[0].0, pair[1].0);
            assert!(a.base + a.size <= b.base, "{} and {} overlap", a.name, b.name);
        }
        MemoryMap { windows }
    }

    /// The windows, lowest address first.
    pub(super) fn regions(&self) -> impl Iterator<Item = Region> + '_ {
        self.windows.iter().map(|(r, _)| *r)
    }

    /// The device whose window holds all of `[addr, addr+size)`, and the
    /// offset of `addr` in it.
    #[inline]
    pub(super) fn find(&self, addr: u64, size: u8) -> Option<(DeviceId, u64)> {
        let i = self.windows.partition_point(|(r, _)| r.base <= addr);
        let (region, id) = self.windows.get(i.checked_sub(1)?)?;
        Some((*id, region.offset_of(addr, size)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bus::DEVICES;

    #[test]
    fn accesses_find_their_window() {
        // DEVICES and DeviceId::ALL list the devices in the same order.
        let map = MemoryMap::new(DEVICES.into_iter().zip(DeviceId::ALL).collect());
        let at = |addr, size| map.find(addr, size);
        assert_eq!(at(0x1000, 8), Some((DeviceId::Rom, 0)));
        assert_eq!(at(0xfff8, 8), Some((DeviceId::Rom, 0xeff8)));
        assert_eq!(at(0xfffc, 8), None, "straddles the end");
        assert_eq!(at(0xfff, 1), None);
        assert_eq!(at(0x0200_bff8, 8), Some((DeviceId::Clint, 0xbff8)));
        assert_eq!(at(0x1000_0005, 1), Some((DeviceId::Uart, 5)));
        assert_eq!(at(0x1000_0100, 1), None);
        assert_eq!(at(u64::MAX, 1), None);
    }
}
