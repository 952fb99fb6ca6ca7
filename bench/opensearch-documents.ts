// The records of the OpenSearch benchmark: an order event of about 300 bytes, keyed by order id.
// The producer and the plain loader build them from the same function, so both write the same
// documents under the same ids.
const PRODUCTS = ['espresso', 'flat white', 'cortado', 'chai latte', 'matcha', 'cold brew', 'mocha'];
const CITIES = ['Lisbon', 'Oslo', 'Nairobi', 'Lima', 'Osaka', 'Tallinn', 'Perth', 'Quebec'];

export function benchDocument(i: number): { key: string; value: string } {
  const key = `order-${String(i).padStart(9, '0')}`;
  const value = JSON.stringify({
    orderId: key,
    customer: `customer-${i % 9973}`,
    product: PRODUCTS[i % PRODUCTS.length],
    quantity: 1 + (i % 4),
    unitPrice: 2.5 + (i % 7) * 0.25,
    city: CITIES[i % CITIES.length],
    paid: i % 10 !== 0,
    createdAt: 1_700_000_000_000 + i * 37,
    note: 'extra shot, oat milk, no sugar, to go please',
  });
  return { key, value };
}
