// The six e-commerce tables of examples/shop: column names and DuckDB types. The generator writes CSV with exactly
// these columns, then converts the CSV to Parquet and JSON lines with these types, so the three formats hold the same
// values. `signup_date` stays VARCHAR on purpose: an upstream pipeline changed its date format for some rows, which
// only a string column can show.

export const TABLES = {
  users: {
    user_id: 'BIGINT',
    email: 'VARCHAR',
    full_name: 'VARCHAR',
    country_code: 'VARCHAR',
    signup_date: 'VARCHAR',
    birth_date: 'DATE',
    loyalty_tier: 'VARCHAR',
    marketing_opt_in: 'BOOLEAN',
    created_at: 'TIMESTAMP',
  },
  products: {
    product_id: 'VARCHAR',
    sku: 'VARCHAR',
    name: 'VARCHAR',
    category: 'VARCHAR',
    price: 'DOUBLE',
    weight_grams: 'INTEGER',
    created_at: 'TIMESTAMP',
  },
  inventory: {
    product_id: 'VARCHAR',
    warehouse_id: 'VARCHAR',
    quantity_on_hand: 'INTEGER',
    updated_at: 'TIMESTAMP',
  },
  orders: {
    order_id: 'BIGINT',
    user_id: 'BIGINT',
    order_ts: 'TIMESTAMP',
    status: 'VARCHAR',
    currency: 'VARCHAR',
    total_amount: 'DOUBLE',
    shipping_country: 'VARCHAR',
  },
  order_items: {
    order_id: 'BIGINT',
    line_no: 'INTEGER',
    product_id: 'VARCHAR',
    quantity: 'INTEGER',
    unit_price: 'DOUBLE',
    discount_pct: 'DOUBLE',
  },
  events: {
    event_id: 'VARCHAR',
    user_id: 'BIGINT',
    product_id: 'VARCHAR',
    event_type: 'VARCHAR',
    event_ts: 'TIMESTAMP',
    session_id: 'VARCHAR',
    device: 'VARCHAR',
  },
};

export const COUNTRIES = ['DE', 'FR', 'ES', 'IT', 'NL', 'BE', 'AT', 'PL', 'SE', 'DK', 'IE', 'PT'];
export const TIERS = ['bronze', 'silver', 'gold', 'platinum'];
export const CATEGORIES = ['electronics', 'home', 'garden', 'toys', 'books', 'fashion', 'sports', 'beauty'];
export const WAREHOUSES = ['WH-BER', 'WH-PAR', 'WH-MAD', 'WH-AMS'];
export const STATUSES = ['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded'];
export const CURRENCIES = ['EUR', 'SEK', 'PLN', 'DKK'];
export const EVENT_TYPES = ['view', 'click', 'add_to_cart', 'purchase', 'search'];
export const DEVICES = ['web', 'ios', 'android'];
