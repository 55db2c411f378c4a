"""Text normalisation and segmentation."""
