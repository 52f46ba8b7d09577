"""The binder read and judged as a whole: `check`, `watch`'s live check, reviews, new documents."""
