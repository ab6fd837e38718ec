/** The headers of the pool4 CSV that each syntax prints and `--import` reads back. */

/** `jool --pool4 --display --csv` (Jool 3). */
export const CSV_HEADER = ['Mark', 'Protocol', 'Address', 'Min port', 'Max port'];

/** `jool pool4 display --csv` (Jool 4). */
export const JOOL4_CSV_HEADER = [...CSV_HEADER, 'Iterations', 'Iterations fixed'];
