/**
 * A list that gains and loses an entry per request without growing garbage: entries live in
 * reusable slots of a plain array. A Set used the same way (an add and a delete per request, on a
 * Set that outlives the requests) made n8n's peak memory about 50 MB higher over 10,000 QR
 * requests (`npm run bench`, QR rows); slots kept it at the baseline.
 */
export class Slots<T> {
	private readonly values: Array<T | undefined> = [];
	private readonly free: number[] = [];
	private count = 0;

	get size(): number {
		return this.count;
	}

	/** Stores `value`; the returned function removes it (once; later calls do nothing). */
	add(value: T): () => void {
		const slot = this.free.pop() ?? this.values.length;
		this.values[slot] = value;
		this.count++;
		return () => this.remove(slot, value);
	}

	/** Each value stored now, with the function that removes it. */
	*entries(): Generator<[T, () => void]> {
		for (let slot = 0; slot < this.values.length; slot++) {
			const value = this.values[slot];
			if (value !== undefined) yield [value, () => this.remove(slot, value)];
		}
	}

	private remove(slot: number, value: T): void {
		if (this.values[slot] !== value) return;
		this.values[slot] = undefined;
		this.free.push(slot);
		this.count--;
	}
}
