//! Member photos: decode what the volunteer picked, keep a downscaled JPEG and a thumbnail.
//! The original file is never referenced again.

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};
use std::io::Cursor;
use std::path::Path;

/// Files larger than this are refused before decoding.
pub const MAX_FILE_BYTES: u64 = 40 * 1024 * 1024;
/// Pictures wider or taller than this are refused (a decoded 12000² picture is ~430 MB).
const MAX_SIDE: u32 = 12_000;
/// The stored copy fits in this box (enough for an A4 sheet and the detail page).
const IMAGE_BOX: (u32, u32) = (800, 1000);
const THUMBNAIL_BOX: (u32, u32) = (160, 200);

pub use super::error::PhotoError;

/// What is stored for a photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoData {
    /// JPEG, at most 800×1000.
    pub image: Vec<u8>,
    /// JPEG, at most 160×200.
    pub thumbnail: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Reads and prepares a photo file. Slow for large camera pictures: run it off the UI thread.
pub fn prepare_file(path: &Path) -> Result<PhotoData, PhotoError> {
    let size = std::fs::metadata(path)
        .map_err(|e| PhotoError::Unreadable(super::error::io_words(&e)))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(PhotoError::FileTooLarge(size / (1024 * 1024)));
    }
    let bytes =
        std::fs::read(path).map_err(|e| PhotoError::Unreadable(super::error::io_words(&e)))?;
    prepare(&bytes)
}

/// Decodes `bytes` (any format `image` knows), turns it upright by its EXIF orientation and
/// makes the stored copy and the thumbnail.
pub fn prepare(bytes: &[u8]) -> Result<PhotoData, PhotoError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(PhotoError::FileTooLarge(bytes.len() as u64 / (1024 * 1024)));
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| PhotoError::NotAnImage)?;
    if reader.format().is_none() {
        return Err(PhotoError::NotAnImage);
    }
    let mut decoder = reader.into_decoder().map_err(|_| PhotoError::NotAnImage)?;
    let (width, height) = decoder.dimensions();
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(PhotoError::TooManyPixels(width, height));
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    decoder
        .set_limits(limits)
        .map_err(|_| PhotoError::TooManyPixels(width, height))?;
    let orientation = decoder.orientation().ok();
    let mut picture = DynamicImage::from_decoder(decoder).map_err(|_| PhotoError::NotAnImage)?;
    if let Some(orientation) = orientation {
        picture.apply_orientation(orientation);
    }
    let image = fit(&picture, IMAGE_BOX);
    let thumbnail = fit(&picture, THUMBNAIL_BOX);
    Ok(PhotoData {
        width: image.width(),
        height: image.height(),
        image: jpeg(&image, 85)?,
        thumbnail: jpeg(&thumbnail, 80)?,
    })
}

fn fit(picture: &DynamicImage, (width, height): (u32, u32)) -> DynamicImage {
    if picture.width() <= width && picture.height() <= height {
        picture.clone()
    } else {
        picture.resize(width, height, image::imageops::FilterType::Triangle)
    }
}

fn jpeg(picture: &DynamicImage, quality: u8) -> Result<Vec<u8>, PhotoError> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(&picture.to_rgb8())
        .map_err(|e| PhotoError::Encode(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
pub(crate) fn sample_png(width: u32, height: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    });
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(picture)
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_picture_is_downscaled_and_thumbnailed() {
        let photo = prepare(&sample_png(2000, 3000)).unwrap();
        assert_eq!((photo.width, photo.height), (667, 1000));
        let thumb = image::load_from_memory(&photo.thumbnail).unwrap();
        assert!(thumb.width() <= 160 && thumb.height() <= 200);
        assert_eq!(
            image::guess_format(&photo.image).unwrap(),
            image::ImageFormat::Jpeg
        );
    }

    #[test]
    fn a_small_picture_keeps_its_size() {
        let photo = prepare(&sample_png(300, 400)).unwrap();
        assert_eq!((photo.width, photo.height), (300, 400));
    }

    #[test]
    fn what_is_not_a_picture_is_refused() {
        assert_eq!(
            prepare(b"%PDF-1.7 not a photo"),
            Err(PhotoError::NotAnImage)
        );
        assert_eq!(prepare(&[]), Err(PhotoError::NotAnImage));
        // A PNG header that promises a picture but holds none.
        let mut broken = sample_png(50, 50);
        broken.truncate(60);
        assert_eq!(prepare(&broken), Err(PhotoError::NotAnImage));
    }

    #[test]
    fn huge_files_are_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.jpg");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(MAX_FILE_BYTES + 1).unwrap();
        assert_eq!(prepare_file(&path), Err(PhotoError::FileTooLarge(40)));
        assert!(matches!(
            prepare_file(&dir.path().join("missing.jpg")),
            Err(PhotoError::Unreadable(_))
        ));
    }
}
