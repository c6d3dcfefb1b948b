-- Someone erased at their own request must not be added, or e-mailed, again
-- (an old CSV re-imported, an integration that re-creates them). Erasure keeps
-- a hash of their address here; creating, importing and sending check it.

-- CreateTable
CREATE TABLE "erased_addresses" (
    "hash" TEXT NOT NULL,
    "erased_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "erased_addresses_pkey" PRIMARY KEY ("hash")
);

-- ─── Hand-written: objects Prisma's schema language cannot express ───
-- (listed in test/prisma/hand-written-objects.ts for the schema-match test)

-- The one definition of an address's hash, used by every check, so they cannot
-- disagree on case or encoding. Unkeyed: it can confirm that a guessed address
-- was erased, nothing more; a keyed hash would lift every suppression silently
-- the day its key changed.
CREATE FUNCTION "address_hash"(address text) RETURNS text LANGUAGE sql STABLE STRICT AS $$
  SELECT encode(sha256(convert_to(lower(address), 'UTF8')), 'hex')
$$;
