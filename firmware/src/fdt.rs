//! A minimal reader for the flattened device tree (DTB, devicetree
//! specification v0.4 chapter 5): read-only, no allocation, never panics on a
//! malformed blob (it just stops walking).

/// `0xd00dfeed`, the first big-endian word of every DTB.
pub const FDT_MAGIC: u32 = 0xd00d_feed;

const FDT_BEGIN_NODE: u32 = 1;
const FDT_END_NODE: u32 = 2;
const FDT_PROP: u32 = 3;
const FDT_NOP: u32 = 4;
const FDT_END: u32 = 9;

/// Why a blob is not a usable DTB.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FdtError {
    /// No `0xd00dfeed` magic.
    BadMagic,
    /// The header's offsets or sizes point outside the blob.
    Truncated,
}

/// A parsed DTB header with the structure and strings blocks.
#[derive(Clone, Copy)]
pub struct Fdt<'a> {
    structs: &'a [u8],
    strings: &'a [u8],
}

/// One token of the structure block, as the walker sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token<'a> {
    /// A node starts; its unit name (`""` for the root, `"uart@10000000"`...).
    BeginNode(&'a str),
    /// The innermost open node ends.
    EndNode,
    /// A property of the innermost open node.
    Prop { name: &'a str, value: &'a [u8] },
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

fn align4(n: usize) -> usize {
    (n + 3) & !3
}

/// Reads a NUL-terminated string starting at `at`.
fn cstr(bytes: &[u8], at: usize) -> Option<&str> {
    let tail = bytes.get(at..)?;
    let len = tail.iter().position(|&b| b == 0)?;
    core::str::from_utf8(&tail[..len]).ok()
}

impl<'a> Fdt<'a> {
    /// Parses the header of the DTB in `blob` (which may be longer than it).
    pub fn new(blob: &'a [u8]) -> Result<Self, FdtError> {
        if be32(blob, 0) != Some(FDT_MAGIC) {
            return Err(FdtError::BadMagic);
        }
        let field = |at| be32(blob, at).map(|v| v as usize).ok_or(FdtError::Truncated);
        let total_size = field(4)?;
        let off_struct = field(8)?;
        let off_strings = field(12)?;
        let size_strings = field(32)?;
        let size_struct = field(36)?;
        let blob = blob.get(..total_size).ok_or(FdtError::Truncated)?;
        let structs = blob
            .get(off_struct..off_struct.checked_add(size_struct).ok_or(FdtError::Truncated)?)
            .ok_or(FdtError::Truncated)?;
        let strings = blob
            .get(off_strings..off_strings.checked_add(size_strings).ok_or(FdtError::Truncated)?)
            .ok_or(FdtError::Truncated)?;
        Ok(Fdt { structs, strings })
    }

    /// Parses the DTB at physical address `addr`.
    ///
    /// # Safety
    /// `addr` must be readable for 40 bytes and, if it holds the DTB magic,
    /// for the header's `totalsize` bytes, and stay unmodified for `'a`.
    pub unsafe fn from_addr(addr: usize) -> Result<Self, FdtError> {
        if addr == 0 || !addr.is_multiple_of(4) {
            return Err(FdtError::BadMagic);
        }
        // SAFETY: the caller guarantees the header is readable.
        let header = unsafe { core::slice::from_raw_parts(addr as *const u8, 40) };
        if be32(header, 0) != Some(FDT_MAGIC) {
            return Err(FdtError::BadMagic);
        }
        let size = be32(header, 4).ok_or(FdtError::Truncated)? as usize;
        // SAFETY: as above, for `totalsize` bytes.
        Self::new(unsafe { core::slice::from_raw_parts(addr as *const u8, size.max(40)) })
    }

    /// Walks the structure block in order.
    pub fn tokens(&self) -> Tokens<'a> {
        Tokens { fdt: *self, pos: 0 }
    }
}

/// Iterator over the structure block's tokens; ends at FDT_END or at the first
/// malformed token.
pub struct Tokens<'a> {
    fdt: Fdt<'a>,
    pos: usize,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let s = self.fdt.structs;
        loop {
            let token = be32(s, self.pos)?;
            self.pos += 4;
            match token {
                FDT_BEGIN_NODE => {
                    let name = cstr(s, self.pos)?;
                    self.pos = align4(self.pos + name.len() + 1);
                    return Some(Token::BeginNode(name));
                }
                FDT_END_NODE => return Some(Token::EndNode),
                FDT_PROP => {
                    let len = be32(s, self.pos)? as usize;
                    let name_off = be32(s, self.pos + 4)? as usize;
                    let start = self.pos + 8;
                    let value = s.get(start..start.checked_add(len)?)?;
                    self.pos = align4(start + len);
                    let name = cstr(self.fdt.strings, name_off)?;
                    return Some(Token::Prop { name, value });
                }
                FDT_NOP => continue,
                FDT_END => return None,
                _ => return None,
            }
        }
    }
}

/// Reads a `cells`-cell big-endian number (1 or 2 cells) from `value` at cell
/// index `index`.
pub fn read_cells(value: &[u8], index: usize, cells: u32) -> Option<u64> {
    let mut n: u64 = 0;
    for i in 0..cells as usize {
        n = (n << 32) | u64::from(be32(value, (index + i) * 4)?);
    }
    Some(n)
}

/// True when a `compatible`-style string list contains `wanted`.
pub fn stringlist_contains(list: &[u8], wanted: &str) -> bool {
    list.split(|&b| b == 0).any(|s| s == wanted.as_bytes())
}

/// A property value as a string (without its NUL terminator).
pub fn prop_str(value: &[u8]) -> Option<&str> {
    let end = value.iter().position(|&b| b == 0).unwrap_or(value.len());
    core::str::from_utf8(&value[..end]).ok()
}
