-- RemoveClusterFromServiceMesh's ReserveNamespace: keep istio-system on leaving even where this service created it.
ALTER TABLE cluster ADD COLUMN reserve_namespace boolean NOT NULL DEFAULT false;
