using System.Buffers.Binary;
using System.Text;

namespace NormGen.Benchmarks.Modern;

/// <summary>
/// Reads and edits the version requirements (<c>.gnu.version_r</c>) of a 64-bit little-endian ELF shared library.
/// Used for one thing: TorchSharp's <c>libLibTorchSharp.so</c> is built with GCC 13+, whose &lt;iostream&gt; makes every
/// object reference <c>std::ios_base_library_init()</c> at version GLIBCXX_3.4.32 so that the linker records a
/// dependency on a libstdc++ that initializes the standard streams itself. The symbol is never called (the library has
/// no relocation against it), but the dynamic loader refuses the whole library on a system whose libstdc++ (Debian 12:
/// GCC 12, up to GLIBCXX_3.4.30) lacks that version. A preloaded library defining the symbol does not help: the loader
/// checks each version requirement against the file it names (libstdc++.so.6), not against the global scope. Marking the
/// requirement weak (VER_FLG_WEAK, as the linker does for weak references) makes the loader accept its absence, and
/// changes nothing else.
/// </summary>
public static class ElfVersionNeeds
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    /// <summary>The (file, version, weak) requirements of the library, in file order.</summary>
    public static IReadOnlyList<(string File, string Version, bool Weak)> Read(byte[] elf)
    {
        var result = new List<(string, string, bool)>();
        Walk(elf, (file, version, flagsOffset) =>
            result.Add((file, version, (BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(flagsOffset)) & VerFlagWeak) != 0)));
        return result;
    }

    /// <summary>Marks every requirement of <paramref name="version"/> weak; returns how many were changed.</summary>
    public static int MarkWeak(byte[] elf, string version)
    {
        int changed = 0;
        Walk(elf, (_, v, flagsOffset) =>
        {
            if (v != version)
                return;
            ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(flagsOffset));
            if ((flags & VerFlagWeak) != 0)
                return;
            BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(flagsOffset), (ushort)(flags | VerFlagWeak));
            changed++;
        });
        return changed;
    }

    private static void Walk(byte[] elf, Action<string, string, int> visit)
    {
        var span = elf.AsSpan();
        if (span.Length < 64 || !span[..4].SequenceEqual((ReadOnlySpan<byte>)[0x7f, (byte)'E', (byte)'L', (byte)'F']))
            throw new InvalidDataException("not an ELF file");
        if (span[4] != 2 || span[5] != 1)
            throw new InvalidDataException("not a 64-bit little-endian ELF file");
        long sectionHeaders = (long)BinaryPrimitives.ReadUInt64LittleEndian(span[0x28..]);
        int entrySize = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3a..]);
        int count = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3c..]);
        for (int i = 0; i < count; i++)
        {
            var header = span.Slice(checked((int)(sectionHeaders + (long)i * entrySize)), 64);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) != ShtGnuVerneed)
                continue;
            int offset = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(header[0x18..]));
            int link = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[0x28..]);
            int entries = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[0x2c..]); // sh_info: number of Verneed entries
            var strings = span.Slice(checked((int)(sectionHeaders + (long)link * entrySize)), 64);
            int stringTable = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(strings[0x18..]));
            for (int e = 0; e < entries; e++)
            {
                // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32
                int auxCount = BinaryPrimitives.ReadUInt16LittleEndian(span[(offset + 2)..]);
                string file = String(span, stringTable + (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(offset + 4)..]));
                int aux = offset + (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(offset + 8)..]);
                for (int a = 0; a < auxCount; a++)
                {
                    // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32
                    string name = String(span, stringTable + (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(aux + 8)..]));
                    visit(file, name, aux + 4);
                    aux += (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(aux + 12)..]);
                }
                offset += (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(offset + 12)..]);
            }
        }
    }

    private static string String(ReadOnlySpan<byte> elf, int offset)
    {
        int end = elf[offset..].IndexOf((byte)0);
        return Encoding.ASCII.GetString(elf.Slice(offset, end));
    }
}
