// What the compose pane says when the disk that holds Tidings' data is full.
// The core's own words are about what is stored (none of it is lost); here
// what matters is the text on screen, which is not stored yet, and what the
// user has to do.

export const NOT_SAVED_DISK_FULL =
  'Could not save the draft: the disk is full. What you wrote stays here and is saved as soon as there is space.';

export const NOT_SENT_DISK_FULL = 'Not sent: the disk is full. What you wrote stays here; free some space, then send again.';
