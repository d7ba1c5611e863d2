using System.Buffers.Binary;
using SecondOpinion.Core.Records;

namespace SecondOpinion.Core.Tests.Records;

public sealed class ImageHeadersTests
{
    /// <summary>A PNG signature and IHDR chunk only: 33 bytes that claim any size.</summary>
    public static byte[] PngHeader(uint width, uint height)
    {
        var data = new byte[33];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(data, 0);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(8), 13);
        "IHDR"u8.CopyTo(data.AsSpan(12));
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(16), width);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(20), height);
        data[24] = 8; // bit depth; colour type, compression, filter, interlace 0; CRC left zero
        return data;
    }

    private static byte[] JpegHeader(ushort width, ushort height, byte sof = 0xC0) =>
    [
        0xFF, 0xD8,
        0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, // APP0
        0xFF, 0xC4, 0x00, 0x03, 0x00, // a DHT segment, which is not a frame
        0xFF, sof, 0x00, 0x0B, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 0x01, 0x01, 0x11, 0x00,
    ];

    private static byte[] TiffHeader(bool little, params (uint Width, uint Height)[] pages)
    {
        var data = new List<byte>();
        void U16(int v) { var b = new byte[2]; if (little) BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)v); else BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)v); data.AddRange(b); }
        void U32(uint v) { var b = new byte[4]; if (little) BinaryPrimitives.WriteUInt32LittleEndian(b, v); else BinaryPrimitives.WriteUInt32BigEndian(b, v); data.AddRange(b); }
        data.AddRange(little ? "II"u8.ToArray() : "MM"u8.ToArray());
        U16(42);
        U32(8);
        for (var i = 0; i < pages.Length; i++)
        {
            U16(2);
            U16(256); U16(4); U32(1); U32(pages[i].Width);  // ImageWidth, LONG
            U16(257); U16(3); U32(1); U16((int)pages[i].Height); U16(0); // ImageLength, SHORT
            U32(i == pages.Length - 1 ? 0u : (uint)(data.Count + 4));
        }
        return data.ToArray();
    }

    [Fact]
    public void reads_the_size_a_png_declares_in_its_ihdr_chunk()
    {
        Assert.Equal(new ImageSize(60000, 60000), ImageHeaders.Png(PngHeader(60000, 60000)));
        Assert.Equal([new ImageSize(640, 480)], ImageHeaders.SizesOf(PngHeader(640, 480), "image/png"));
    }

    [Fact]
    public void a_60000_pixel_square_png_is_over_the_limits_without_being_decoded()
    {
        var size = ImageHeaders.Png(PngHeader(60000, 60000))!.Value;
        Assert.False(ImageLimits.Default.Allows(size));
        Assert.True(ImageLimits.Default.Allows(new ImageSize(2480, 3508))); // A4 at 300 dpi
    }

    [Fact]
    public void either_limit_refuses_an_image_a_very_long_strip_by_its_side_a_huge_square_by_its_pixels()
    {
        Assert.False(ImageLimits.Default.Allows(new ImageSize(20001, 10)));
        Assert.False(ImageLimits.Default.Allows(new ImageSize(12000, 9000)));
        Assert.True(ImageLimits.Default.Allows(new ImageSize(20000, 5000)));
    }

    [Theory]
    [InlineData(0xC0)]
    [InlineData(0xC2)] // progressive
    public void reads_a_jpeg_frame_size_after_skipping_other_segments(byte sof)
    {
        Assert.Equal(new ImageSize(4000, 3000), ImageHeaders.Jpeg(JpegHeader(4000, 3000, sof)));
    }

    [Fact]
    public void reads_every_page_of_a_tiff_in_either_byte_order()
    {
        Assert.Equal([new ImageSize(2480, 3508), new ImageSize(30000, 200)], ImageHeaders.Tiff(TiffHeader(true, (2480, 3508), (30000, 200))));
        Assert.Equal([new ImageSize(100, 50)], ImageHeaders.Tiff(TiffHeader(false, (100, 50))));
    }

    [Fact]
    public void a_tiff_whose_directories_loop_is_read_once_and_stops()
    {
        var data = TiffHeader(true, (100, 50));
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(data.Length - 4), 8); // the next directory is the first again
        Assert.Equal([new ImageSize(100, 50)], ImageHeaders.Tiff(data));
    }

    [Theory]
    [InlineData("image/png")]
    [InlineData("image/jpeg")]
    [InlineData("image/tiff")]
    public void truncated_or_foreign_headers_give_no_size(string contentType)
    {
        Assert.Empty(ImageHeaders.SizesOf(new byte[] { 0x89, 0x50, 0xFF, 0xD8, 0x49 }, contentType));
        Assert.Empty(ImageHeaders.SizesOf(PngHeader(10, 10)[..20], contentType));
    }
}
