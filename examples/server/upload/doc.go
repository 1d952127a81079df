// Package upload checks the files people attach to requests, complaints
// and inspections — defect photos from a phone's camera, scanned reports —
// and describes them for keeping: Inspect tells the type from the content
// (never from the name or the declared type alone), refuses what is not a
// photo or a document the desk can use, refuses an image too large to
// decode safely, reads a photo's own capture time from its EXIF data, and
// makes a small JPEG thumbnail for the pages.
//
// # What is taken
//
//	photos     JPEG, PNG, GIF, WebP: shown in the pages, with a thumbnail
//	documents  PDF, Word (.docx) and Excel (.xlsx): downloaded
//
// Each file at most MaxSize bytes; an image at most MaxPixels pixels.
// Errors are *aftersales.Error of kind invalid with a stable code
// (upload_empty, upload_too_large, upload_type, upload_image_too_large,
// upload_image_broken) and a Chinese message naming the file.
package upload
