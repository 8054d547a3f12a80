// Deterministic generator of the examples/shop data: six e-commerce tables and an orders replica, with defects
// injected at known counts. Each defect is counted where it is injected (the `expect` bookkeeping below), or, for the
// cross-table rules, computed in plain JavaScript from the rows as they are written: the expected counts never come
// from the checks engine or from SQL, so the tests compare two independent computations.
//
// The expected-count keys are the check rule ids of the shop contracts (`<schema>.<property>.<rule>`), see
// examples/shop/README.md.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CATEGORIES, COUNTRIES, CURRENCIES, DEVICES, EVENT_TYPES, STATUSES, TIERS, WAREHOUSES } from './model.mjs';

/** The data's "now": every timestamp is placed relative to it, so freshness and retention are reproducible. */
export const REFERENCE_TIME = '2026-01-31T00:00:00Z';
const REF_MS = Date.parse(REFERENCE_TIME);
const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** mulberry32: small, fast, and the same sequence on every machine. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Buffered CSV writer (RFC 4180 quoting; null → empty unquoted field, '' → ""). */
class CsvWriter {
  constructor(path, columns) {
    this.fd = openSync(path, 'w');
    this.columns = columns;
    this.buf = [];
    this.size = 0;
    this.rows = 0;
    this.push(columns.join(',') + '\n');
  }
  push(text) {
    this.buf.push(text);
    this.size += text.length;
    if (this.size > 1 << 20) this.flush();
  }
  row(values) {
    let line = '';
    for (let i = 0; i < values.length; i++) {
      if (i) line += ',';
      const v = values[i];
      if (v === null || v === undefined) continue;
      if (typeof v === 'string') line += v === '' || /[",\n\r]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
      else line += String(v);
    }
    this.rows++;
    this.push(line + '\n');
  }
  flush() {
    if (this.buf.length) writeSync(this.fd, this.buf.join(''));
    this.buf = [];
    this.size = 0;
  }
  close() {
    this.flush();
    closeSync(this.fd);
  }
}

const ts = (ms) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const isoDate = (ms) => new Date(ms).toISOString().slice(0, 10);
const money = (x) => Math.round(x * 100) / 100;
const pad = (n, w) => String(n).padStart(w, '0');

/**
 * Writes `<outDir>/csv/<table>.csv` and `<outDir>/csv/replica/orders.csv`, returns the expected counts.
 * `orders` sets the scale: users = orders/4, products = orders/8 (at least 60), items ≈ 2.5 per order, events = 2 per order.
 */
export function generateCsv(outDir, { orders: nOrders = 2000, seed = 42 } = {}) {
  const rand = rng(seed);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const chance = (p) => rand() < p;
  const expect = {};
  const count = (key, n = 1) => (expect[key] = (expect[key] ?? 0) + n);
  const rows = {};
  const csvDir = join(outDir, 'csv');
  mkdirSync(join(csvDir, 'replica'), { recursive: true });
  const open = (name, cols) => new CsvWriter(join(csvDir, `${name}.csv`), cols);

  // Every rule id the contracts declare starts at zero, so a rule whose defect did not occur at this scale still has
  // an expected count (0) rather than a missing key.
  for (const key of ZERO_KEYS) expect[key] = 0;

  // ---- users --------------------------------------------------------------------------------------------------
  const nUsers = Math.max(50, Math.round(nOrders / 4));
  const users = open('users', ['user_id', 'email', 'full_name', 'country_code', 'signup_date', 'birth_date', 'loyalty_tier', 'marketing_opt_in', 'created_at']);
  const userRow = (id) => {
    let email = `user${id}.${int(1, 999)}@example.com`;
    if (chance(0.01)) (email = null), count('users.email.required');
    else if (chance(0.01)) (email = `user${id}.at.example.com`), count('users.email.valid_email'), count('users.email.format');
    let name = `Customer ${id}`;
    const r = rand();
    if (r < 0.004) (name = null), count('users.full_name.full_name_present');
    else if (r < 0.008) (name = ''), count('users.full_name.full_name_present');
    else if (r < 0.012) (name = 'N/A'), count('users.full_name.full_name_present');
    let country = pick(COUNTRIES);
    const c = rand();
    if (c < 0.006) (country = 'DEU'), count('users.country_code.maxLength'), count('users.country_code.known_country');
    else if (c < 0.012) (country = 'D'), count('users.country_code.minLength'), count('users.country_code.known_country');
    else if (c < 0.018) (country = 'XX'), count('users.country_code.known_country');
    else if (c < 0.03) country = null; // unknown country: allowed, and no rule may count it
    const signupMs = REF_MS - int(30, 2000) * DAY;
    let signup = isoDate(signupMs);
    if (chance(0.015)) {
      const [y, m, d] = signup.split('-');
      signup = `${d}/${m}/${y}`; // an upstream export switched to day-first dates
      count('users.signup_date.format');
    }
    let birth = `${int(1940, 2005)}-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}`;
    const b = rand();
    if (b < 0.005) (birth = `18${int(50, 99)}-01-01`), count('users.birth_date.minimum');
    else if (b < 0.01) (birth = `${int(2012, 2020)}-06-15`), count('users.birth_date.exclusiveMaximum');
    else if (b < 0.02) birth = null;
    let tier = pick(TIERS);
    if (chance(0.03)) (tier = 'diamond'), count('users.loyalty_tier.known_tier');
    users.row([id, email, name, country, signup, birth, tier, chance(0.4), ts(signupMs + int(0, 86399) * 1000)]);
  };
  for (let id = 1; id <= nUsers; id++) {
    userRow(id);
    // A second account with the same id (a merge gone wrong): each id is duplicated at most once.
    if (id > 5 && chance(0.01)) {
      userRow(id);
      count('users.user_id.unique', 2);
      count('users.user_id.primaryKey', 2);
      count('users.user_id.no_duplicate_user_ids');
    }
  }
  users.close();
  rows.users = users.rows;

  // ---- products -----------------------------------------------------------------------------------------------
  const nProducts = Math.max(60, Math.round(nOrders / 8));
  const productIds = [];
  const prices = [];
  const products = open('products', ['product_id', 'sku', 'name', 'category', 'price', 'weight_grams', 'created_at']);
  let reusableSku = null;
  for (let i = 1; i <= nProducts; i++) {
    const id = `P${pad(i, 6)}`;
    productIds.push(id);
    const block = Math.floor(i / 10000); // three letters numbering each block of 10,000 products: unique by construction
    let sku = `${String.fromCharCode(65 + ((block / 676) % 26 | 0), 65 + ((block / 26) % 26 | 0), 65 + (block % 26))}-${pad(i % 10000, 4)}`;
    let clean = true;
    if (reusableSku && chance(0.02)) {
      sku = reusableSku; // the same SKU given to two products
      reusableSku = null;
      clean = false;
      count('products.sku.unique', 2);
    } else if (chance(0.01)) {
      sku = `sku-${i}`;
      clean = false;
      count('products.sku.pattern');
    }
    let name = `${pick(['Smart', 'Classic', 'Eco', 'Pro', 'Mini'])} ${pick(['Lamp', 'Chair', 'Kettle', 'Drone', 'Novel', 'Shoe'])} ${i}`;
    if (chance(0.02)) (name = `${name} - limited edition bundle with extras and a very long marketing tail`), count('products.name.maxLength');
    let category = pick(CATEGORIES);
    if (chance(0.02)) (category = 'misc'), count('products.category.known_category');
    let price = money(int(199, 49999) / 100);
    const p = rand();
    if (p < 0.015) (price = 0), count('products.price.exclusiveMinimum');
    else if (p < 0.03) (price = Math.round(((int(100, 999) * 10 + int(1, 9)) / 1000 + 10) * 1000) / 1000), count('products.price.multipleOf'); // three decimals, the last never 0
    else if (p < 0.04) (price = 25000), count('products.price.maximum');
    prices.push(price > 0 ? money(price) : 9.99); // order lines are priced in whole cents
    let weight = int(1, 400) * 5;
    const w = rand();
    if (w < 0.015) (weight = 0), count('products.weight_grams.minimum');
    else if (w < 0.03) (weight = weight + 2), count('products.weight_grams.multipleOf');
    products.row([id, sku, name, category, price, weight, ts(REF_MS - int(60, 900) * DAY)]);
    if (clean && !reusableSku) reusableSku = sku;
  }
  products.close();
  rows.products = products.rows;

  // ---- orders, order items, and the replica (written together: an order's total depends on its items) ----------
  const orders = open('orders', ['order_id', 'user_id', 'order_ts', 'status', 'currency', 'total_amount', 'shipping_country']);
  const items = open('order_items', ['order_id', 'line_no', 'product_id', 'quantity', 'unit_price', 'discount_pct']);
  const replica = new CsvWriter(join(csvDir, 'replica', 'orders.csv'), orders.columns);
  const sold = new Map(); // product_id → sum(quantity) over every order_items row written
  const rec = { missingInReplica: 0, extraInReplica: 0, changedRows: 0, changedColumns: { status: 0, total_amount: 0 }, duplicateKeysInSource: 0, matched: 0 };
  let lastOrderTs = 0;
  // A row's defects are counted each time the row is written (a row loaded twice breaks its rules twice).
  const itemRow = (row, keys) => {
    items.row(row);
    for (const k of keys) count(k);
    sold.set(row[2], (sold.get(row[2]) ?? 0) + row[3]);
  };
  const orderRow = (row, keys) => {
    orders.row(row);
    for (const k of keys) count(k);
  };
  for (let id = 1; id <= nOrders; id++) {
    // Items first: the order's total is their sum, unless a defect says otherwise.
    const lines = int(1, 4);
    let sum = 0;
    for (let line = 1; line <= lines; line++) {
      const keys = [];
      const idx = Math.floor(rand() * nProducts);
      let product = productIds[idx];
      if (chance(0.004)) (product = `P9${pad(int(0, 99999), 5)}`), keys.push('order_items.product_id.relationship');
      let qty = int(1, 5);
      const q = rand();
      if (q < 0.004) (qty = 0), keys.push('order_items.quantity.minimum');
      else if (q < 0.008) (qty = 500), keys.push('order_items.quantity.maximum');
      const unit = prices[idx];
      let discount = chance(0.7) ? null : pick([5, 10, 15, 20]);
      if (chance(0.004)) (discount = 100), keys.push('order_items.discount_pct.exclusiveMaximum');
      if (discount === null) keys.push('order_items.discount_pct.discount_mostly_empty'); // no discount: a counted null
      const row = [id, line, product, qty, unit, discount];
      itemRow(row, keys);
      sum += qty * unit;
      if (chance(0.003)) {
        itemRow(row, keys); // the same line loaded twice
        sum += qty * unit;
        count('order_items.primaryKey', 2);
      }
    }
    sum = money(sum);
    const keys = [];
    let userId = int(1, nUsers);
    const u = rand();
    if (u < 0.005) (userId = null), keys.push('orders.user_id.required');
    else if (u < 0.012) (userId = nUsers + 1000 + id), keys.push('orders.user_id.relationship');
    let orderMs = REF_MS - int(3 * 3600, 365 * 86400) * 1000;
    if (id === nOrders) orderMs = REF_MS - 3 * HOUR; // the newest order: 3 hours before the reference time
    else if (chance(0.004)) (orderMs = REF_MS - int(4 * 365, 6 * 365) * DAY), keys.push('orders.order_ts.retention');
    lastOrderTs = Math.max(lastOrderTs, orderMs);
    let status = pick(STATUSES);
    if (chance(0.01)) (status = 'SHIPPED'), keys.push('orders.status.known_status');
    let currency = pick(CURRENCIES);
    if (chance(0.01)) (currency = 'eur'), keys.push('orders.currency.iso_currency');
    let total = sum;
    const t = rand();
    if (t < 0.005 && sum > 0) (total = -sum), keys.push('orders.total_amount.minimum');
    else if (t < 0.015) total = money(sum + int(1, 500) / 100);
    if (Math.abs(total - sum) > 0.005) keys.push('orders.total_matches_items');
    const country = chance(0.02) ? null : pick(COUNTRIES);
    if (country === null) keys.push('orders.shipping_country.shipping_country_mostly_set');
    const row = [id, userId, ts(orderMs), status, currency, total, country];
    orderRow(row, keys);
    if (id > 3 && chance(0.005)) {
      orderRow(row, keys); // the whole order loaded twice by a retried batch
      count('orders.order_id.unique', 2);
      count('orders.order_id.primaryKey', 2);
      count('orders.order_id.no_duplicate_orders');
      rec.duplicateKeysInSource++;
    }
    // The replica (a nightly export): misses some orders, and some of its rows differ.
    if (chance(0.01)) {
      rec.missingInReplica++;
      continue;
    }
    const copy = row.slice();
    const d = rand();
    if (d < 0.01) copy[3] = copy[3] === 'refunded' ? 'paid' : 'refunded';
    else if (d < 0.02) copy[5] = money((copy[5] ?? 0) + 1);
    else if (d < 0.025) (copy[3] = copy[3] === 'refunded' ? 'paid' : 'refunded'), (copy[5] = money((copy[5] ?? 0) + 1));
    if (copy[3] !== row[3]) rec.changedColumns.status++;
    if (copy[5] !== row[5]) rec.changedColumns.total_amount++;
    if (copy[3] !== row[3] || copy[5] !== row[5]) rec.changedRows++;
    rec.matched++;
    replica.row(copy);
  }
  // Items whose order does not exist (the order was purged, its items were not).
  const orphanItems = Math.max(1, Math.round(nOrders * 0.003));
  for (let k = 0; k < orphanItems; k++) {
    itemRow([nOrders + 100 + k, 1, productIds[k % nProducts], 1, prices[k % nProducts], null], ['order_items.order_id.relationship', 'order_items.discount_pct.discount_mostly_empty']);
  }
  // Orders only the replica has (written after the export's cut-off).
  const extra = Math.max(1, Math.round(nOrders * 0.004));
  for (let k = 1; k <= extra; k++) {
    replica.row([nOrders + k, int(1, nUsers), ts(REF_MS - HOUR), 'pending', 'EUR', 10, 'DE']);
    rec.extraInReplica++;
  }
  orders.close();
  items.close();
  replica.close();
  rows.orders = orders.rows;
  rows.order_items = items.rows;

  // ---- inventory: stock per product and warehouse, written after the sales so "oversold" is known -------------
  const inventory = open('inventory', ['product_id', 'warehouse_id', 'quantity_on_hand', 'updated_at']);
  const stock = new Map();
  const invRow = (row) => {
    inventory.row(row);
    stock.set(row[0], (stock.get(row[0]) ?? 0) + row[2]);
  };
  for (const id of productIds) {
    const need = sold.get(id) ?? 0;
    let total = chance(0.03) ? Math.max(0, need - int(1, 10)) : need + int(0, 60);
    const whs = WAREHOUSES.slice(0, int(1, WAREHOUSES.length));
    whs.forEach((wh, i) => {
      const share = i === whs.length - 1 ? total : Math.floor(total / (whs.length - i));
      total -= share;
      let qty = share;
      if (chance(0.01)) (qty = -int(1, 5)), count('inventory.quantity_on_hand.minimum');
      let warehouse = wh;
      if (chance(0.005)) (warehouse = `WH-X${i}`), count('inventory.warehouse_id.known_warehouse');
      const row = [id, warehouse, qty, ts(REF_MS - int(1, 48) * HOUR)];
      invRow(row);
      if (warehouse === wh && chance(0.01)) {
        invRow([id, warehouse, 0, ts(REF_MS - int(1, 48) * HOUR)]); // a second stock row for the same place
        count('inventory.primaryKey', 2);
        count('inventory.one_row_per_product_and_warehouse');
      }
    });
  }
  const orphanStock = Math.max(1, Math.round(nProducts * 0.01));
  for (let k = 0; k < orphanStock; k++) {
    invRow([`P8${pad(k, 5)}`, 'WH-BER', int(1, 9), ts(REF_MS - 5 * HOUR)]);
    count('inventory.product_id.relationship');
  }
  inventory.close();
  rows.inventory = inventory.rows;
  // "Sold quantity never exceeds stock": products with sales and stock rows whose sales exceed the stock.
  let oversold = 0;
  for (const [id, qty] of sold) if (stock.has(id) && qty > stock.get(id)) oversold++;
  expect['inventory.stock_covers_sales'] = oversold;

  // ---- events -------------------------------------------------------------------------------------------------
  const events = open('events', ['event_id', 'user_id', 'product_id', 'event_type', 'event_ts', 'session_id', 'device']);
  const nEvents = nOrders * 2;
  let lastEventTs = 0;
  let reusableEventId = null;
  for (let i = 1; i <= nEvents; i++) {
    const h = (i * 2654435761) >>> 0;
    let eventId = `${h.toString(16).padStart(8, '0')}-${pad(i % 10000, 4)}-4${pad(i % 1000, 3)}-a${pad((i * 7) % 1000, 3)}-${pad(i, 12)}`;
    if (reusableEventId && chance(0.005)) {
      eventId = reusableEventId; // a retried send
      reusableEventId = null;
      count('events.event_id.unique', 2);
    } else if (chance(0.005)) {
      eventId = `evt-${i}`;
      count('events.event_id.format');
    } else if (!reusableEventId) reusableEventId = eventId;
    let userId = chance(0.3) ? null : int(1, nUsers); // anonymous visitors have no user id
    if (userId !== null && chance(0.005)) (userId = nUsers + 5000 + i), count('events.user_id.relationship');
    let type = pick(EVENT_TYPES);
    if (chance(0.01)) (type = 'pageview'), count('events.event_type.known_event_type');
    const product = type === 'search' ? null : productIds[Math.floor(rand() * nProducts)];
    let eventMs = REF_MS - int(6 * 3600, 700 * 86400) * 1000;
    if (i === nEvents) eventMs = REF_MS - 6 * HOUR; // the newest event: 6 hours old, later than the 1-hour SLA
    else if (chance(0.005)) (eventMs = REF_MS - int(3 * 365, 5 * 365) * DAY), count('events.event_ts.retention');
    lastEventTs = Math.max(lastEventTs, eventMs);
    let session = `s${Math.floor(i / 5)}`;
    const s = rand();
    if (s < 0.005) (session = null), count('events.session_id.sessions_tracked');
    else if (s < 0.01) (session = ''), count('events.session_id.sessions_tracked');
    let device = pick(DEVICES);
    if (chance(0.01)) (device = 'Web'), count('events.device.pattern');
    events.row([eventId, userId, product, type, ts(eventMs), session, device]);
  }
  events.close();
  rows.events = events.rows;

  return {
    seed,
    scale: { orders: nOrders },
    referenceTime: REFERENCE_TIME,
    latest: { 'orders.order_ts': new Date(lastOrderTs).toISOString(), 'events.event_ts': new Date(lastEventTs).toISOString() },
    rows,
    failedRows: expect,
    reconcile: { schema: 'orders', ...rec },
  };
}

/** Rule ids whose defects are injected by chance: present with 0 when none occurred. */
const ZERO_KEYS = [
  'users.email.required', 'users.email.valid_email', 'users.email.format', 'users.full_name.full_name_present',
  'users.country_code.maxLength', 'users.country_code.minLength', 'users.country_code.known_country',
  'users.signup_date.format', 'users.birth_date.minimum', 'users.birth_date.exclusiveMaximum', 'users.loyalty_tier.known_tier',
  'users.user_id.unique', 'users.user_id.primaryKey', 'order_items.discount_pct.discount_mostly_empty', 'orders.shipping_country.shipping_country_mostly_set', 'users.user_id.no_duplicate_user_ids',
  'products.sku.unique', 'products.sku.pattern', 'products.name.maxLength', 'products.category.known_category',
  'products.price.exclusiveMinimum', 'products.price.multipleOf', 'products.price.maximum', 'products.weight_grams.minimum',
  'products.weight_grams.multipleOf',
  'order_items.product_id.relationship', 'order_items.quantity.minimum', 'order_items.quantity.maximum',
  'order_items.discount_pct.exclusiveMaximum', 'order_items.primaryKey', 'order_items.order_id.relationship',
  'orders.user_id.required', 'orders.user_id.relationship', 'orders.order_ts.retention', 'orders.status.known_status',
  'orders.currency.iso_currency', 'orders.total_amount.minimum', 'orders.total_matches_items', 'orders.order_id.unique',
  'orders.order_id.primaryKey', 'orders.order_id.no_duplicate_orders',
  'inventory.quantity_on_hand.minimum', 'inventory.warehouse_id.known_warehouse', 'inventory.primaryKey',
  'inventory.one_row_per_product_and_warehouse', 'inventory.product_id.relationship',
  'events.event_id.unique', 'events.event_id.format', 'events.user_id.relationship', 'events.event_type.known_event_type',
  'events.event_ts.retention', 'events.session_id.sessions_tracked', 'events.device.pattern',
];
